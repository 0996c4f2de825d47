// Parsing a file's text as JSON or YAML with errors that name the file and the line, and never
// quote the text: V8's JSON errors and the yaml library's pretty errors both include an excerpt of
// the source, which for a key or an .env given by mistake is the secret itself.
import YAML from "yaml";

export class FileFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileFormatError";
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split("\n").length;
  return `line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
}

/** JSON, or an error `file: not JSON: <what> at line L, column C`. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    // "Unexpected token 'S', "{"a": SECRETVALU"... is not valid JSON": keep the part before the excerpt.
    const what = message
      .split(/, "|: "/)[0]
      .replace(/ in JSON at position \d+.*$/s, "")
      .slice(0, 80);
    const at = /at position (\d+)/.exec(message);
    throw new FileFormatError(`${file}: not JSON: ${what}${at ? ` at ${lineAndColumn(text, Number(at[1]))}` : ""}`);
  }
}

/** YAML (JSON is YAML too), or an error `file: not YAML: <what> at line L, column C`. */
export function parseYamlFile(text: string, file: string): unknown {
  try {
    // prettyErrors off: the default appends the offending source line to the message.
    return YAML.parse(text, { prettyErrors: false });
  } catch (e) {
    const err = e as Error & { pos?: [number, number] };
    const what = err.message.split("\n")[0].slice(0, 80);
    throw new FileFormatError(`${file}: not YAML: ${what}${err.pos ? ` at ${lineAndColumn(text, err.pos[0])}` : ""}`);
  }
}
