/** Plain lines for people starting Grip from a terminal (the app's own logs are JSON via pino). */
export const say = (line: string) => process.stdout.write(`${line}\n`);
export const fail = (line: string) => process.stderr.write(`\x1b[31m✖\x1b[0m ${line}\n`);
