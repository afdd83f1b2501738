import { createHmac, randomBytes } from 'node:crypto';
import type { Faults } from './faults.js';

interface Issued {
  path: string;
  expires: number;
  revoked: boolean;
}

export type SignatureCheck = 'ok' | 'expired' | 'bad-signature';

const URL_LIFETIME_SEC = 24 * 3600;

/**
 * Pre-signed storage URLs like Ark's TOS links (valid 24 h). A status read reuses a path's current URL while it is
 * still valid and signs a new one otherwise, which is how a client recovers from an expired link.
 * Under `faults.expireUrls`, URLs are handed out already expired until the client has been refused one for that
 * path: so the fault works whenever it is switched on, and the re-fetch-then-retry recovery always succeeds.
 */
export class UrlSigner {
  private readonly secret = randomBytes(16);
  private readonly issued = new Map<string, Issued>();
  private readonly current = new Map<string, string>();
  /** Paths whose URL was refused as expired: the next signature for them works, even under `expireUrls`. */
  private readonly refused = new Set<string>();
  private expireSwitchSeen = false;
  private serial = 0;

  constructor(
    private readonly origin: string,
    private readonly now: () => number,
    private readonly faults: Faults,
  ) {}

  sign(path: string): string {
    this.syncExpireSwitch();
    const nowSec = Math.floor(this.now() / 1000);
    const currentSig = this.current.get(path);
    const entry = currentSig === undefined ? undefined : this.issued.get(currentSig);
    if (currentSig !== undefined && entry && !entry.revoked && entry.expires > nowSec) {
      return this.format(path, entry.expires, currentSig);
    }
    const expires = nowSec + URL_LIFETIME_SEC;
    this.serial += 1;
    const sig = createHmac('sha256', this.secret).update(`${path}\n${expires}\n${this.serial}`).digest('hex');
    const bornExpired = this.faults.expireUrls && !this.refused.has(path);
    this.refused.delete(path);
    this.issued.set(sig, { path, expires, revoked: bornExpired });
    this.current.set(path, sig);
    return this.format(path, expires, sig);
  }

  check(path: string, expires: string | null, sig: string | null): SignatureCheck {
    this.syncExpireSwitch();
    const entry = sig === null ? undefined : this.issued.get(sig);
    if (!entry || entry.path !== path || String(entry.expires) !== expires) return 'bad-signature';
    if (entry.revoked || entry.expires <= Math.floor(this.now() / 1000)) {
      this.refused.add(path);
      return 'expired';
    }
    return 'ok';
  }

  /** `faults.expireUrls` is a plain field: notice its switching on lazily and revoke everything issued before. */
  private syncExpireSwitch(): void {
    if (this.faults.expireUrls && !this.expireSwitchSeen) {
      for (const entry of this.issued.values()) entry.revoked = true;
    }
    this.expireSwitchSeen = this.faults.expireUrls;
  }

  private format(path: string, expires: number, sig: string): string {
    return `${this.origin}${path}?expires=${expires}&sig=${sig}`;
  }
}
