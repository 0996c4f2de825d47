// SSH credentials for a run: a private key read and decrypted once (its passphrase from the
// environment, never from a flag, never printed), or the agent.
import * as fs from "fs";
import { utils, type ParsedKey } from "ssh2";
import type { SshCredentials } from "./ssh-session";

export const PASSPHRASE_ENV = "IISGUARD_KEY_PASSPHRASE";

export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialError";
  }
}

export function readPrivateKey(file: string): ParsedKey {
  let text: Buffer;
  try {
    text = fs.readFileSync(file);
  } catch (e) {
    throw new CredentialError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = utils.parseKey(text, process.env[PASSPHRASE_ENV]);
  if (parsed instanceof Error) {
    const encrypted = /encrypted|passphrase|bad decrypt/i.test(parsed.message);
    throw new CredentialError(
      encrypted
        ? `${file}: the key is encrypted and ${PASSPHRASE_ENV} ${process.env[PASSPHRASE_ENV] === undefined ? "is not set" : "does not decrypt it"}`
        : `${file}: not a private key ssh2 can read`,
    );
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  // ssh2 parses public keys too; authenticating with one fails on every host (auth, not usage).
  if (!key.isPrivateKey())
    throw new CredentialError(
      `${file}: a public key, not a private key${file.endsWith(".pub") ? ` (the private key is probably ${file.slice(0, -4)})` : ""}`,
    );
  return key;
}

export function credentialsFrom(opts: { identity?: string; agent: boolean }): SshCredentials {
  const privateKey = opts.identity ? readPrivateKey(opts.identity) : undefined;
  const agent = opts.agent ? process.env.SSH_AUTH_SOCK : undefined;
  if (opts.agent && !agent) throw new CredentialError("the SSH agent was asked for but SSH_AUTH_SOCK is not set");
  if (!privateKey && !agent) throw new CredentialError("no credentials: give a private key or use the SSH agent");
  return { ...(privateKey ? { privateKey } : {}), ...(agent ? { agent } : {}) };
}
