/** Bad input from the user (a file, a flag, a field): exit code 2, message printed without a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
