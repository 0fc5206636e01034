import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every variable a config reader reads must be documented in .env.example with its default. */
async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return ['node_modules', 'dist', '__generated__', 'test'].includes(entry.name) ? [] : sourceFiles(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    }),
  );
  return nested.flat();
}

it('.env.example lists every environment variable the services read', async () => {
  const files = (await Promise.all(['platform', 'router', 'subgraphs'].map(sourceFiles))).flat();
  const read = new Set<string>();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(/reader\.(?:int|string|optionalString|url|oneOf)\(\s*'([A-Z][A-Z0-9_]+)'/g)) read.add(match[1]!);
  }
  expect(read.size).toBeGreaterThan(20);
  const documented = new Set((await readFile('.env.example', 'utf8')).split('\n').map((line) => line.split('=')[0]!.trim()));
  expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
});
