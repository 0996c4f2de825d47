// Throwaway keys for emulated hosts and the collector's test identity.
import { utils, type ParsedKey } from "ssh2";

export interface KeyPair {
  /** OpenSSH private key text. */
  private: string;
  /** authorized_keys / known_hosts form: "ssh-ed25519 AAAA…". */
  public: string;
  parsedPrivate: ParsedKey;
  parsedPublic: ParsedKey;
  /** The SSH wire blob of the public key (what host key verification sees). */
  blob: Buffer;
}

function parsed(text: string, passphrase?: string): ParsedKey {
  const k = utils.parseKey(text, passphrase);
  if (k instanceof Error) throw k;
  return Array.isArray(k) ? k[0] : k;
}

/**
 * ssh2's generator writes an ed25519 public key whose first byte is zero with that byte dropped
 * (a 31-byte key its own parser then rejects: about 1 key in 200, seen as flaky CI). Such a pair
 * is discarded and another generated.
 */
export function keyPair(passphrase?: string): KeyPair {
  for (;;) {
    const pair = utils.generateKeyPairSync("ed25519", passphrase ? { passphrase, cipher: "aes256-ctr", rounds: 16 } : {});
    const check = utils.parseKey(pair.public);
    if (check instanceof Error) continue;
    const pub = parsed(pair.public);
    return {
      private: pair.private,
      public: pair.public.trim(),
      parsedPrivate: parsed(pair.private, passphrase),
      parsedPublic: pub,
      blob: pub.getPublicSSH(),
    };
  }
}

/** A known_hosts line for an emulated host on 127.0.0.1:port. */
export function knownHostsLine(port: number, hostKey: KeyPair, host = "127.0.0.1"): string {
  const [type, b64] = hostKey.public.split(/\s+/);
  return `${port === 22 ? host : `[${host}]:${port}`} ${type} ${b64}`;
}
