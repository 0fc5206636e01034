import { readFile, writeFile } from 'node:fs/promises';

/**
 * bench/REPORT.md holds sections written by different benchmarks (queries, subscriptions...).
 * Each writer replaces only its own sections, marked by HTML comments, and keeps the others.
 */
export async function writeReportSections(reportPath: string, sections: Record<string, string>): Promise<string> {
  let text = await readFile(reportPath, 'utf8').catch(() => '');
  for (const [name, body] of Object.entries(sections)) {
    const start = `<!-- section:${name} -->`;
    const end = `<!-- /section:${name} -->`;
    const block = `${start}\n${body.trim()}\n${end}`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from >= 0 && to > from) text = `${text.slice(0, from)}${block}${text.slice(to + end.length)}`;
    else text = `${text.trimEnd()}${text ? '\n\n' : ''}${block}\n`;
  }
  await writeFile(reportPath, text);
  return text;
}
