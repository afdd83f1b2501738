/** A sliding 1-second window over admitted requests; refused requests do not count against the client. */
export class RateLimiter {
  private admitted: number[] = [];

  allow(nowMs: number, perSecond: number): boolean {
    if (perSecond <= 0) return true;
    this.admitted = this.admitted.filter((at) => at > nowMs - 1000);
    if (this.admitted.length >= perSecond) return false;
    this.admitted.push(nowMs);
    return true;
  }
}
