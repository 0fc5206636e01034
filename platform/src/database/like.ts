/**
 * Text matched literally by LIKE/ILIKE: `%`, `_` and the escape character itself lose their
 * meaning (PostgreSQL's default escape is the backslash). Without it, `genre: "%"` matches every
 * row and a lone `\` makes the statement fail in the driver.
 */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (character) => `\\${character}`);
