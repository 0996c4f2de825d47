// Why a host could not be read. Every failure of the remote layer is one of these kinds, so the
// scan can report each host's reason instead of a stack trace.
export type RemoteErrorKind =
  "host-key" | "auth" | "connect" | "timeout" | "dropped" | "channel" | "output-too-large" | "bad-output" | "remote-failure";

export class RemoteError extends Error {
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "RemoteError";
  }
}
