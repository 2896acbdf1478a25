const CENSOR = '[redacted]';
/** Current and previous tokens: an answer in flight may still echo the one just replaced. */
const REMEMBERED = 5;

/**
 * Knows the secrets in play (the client secret, the latest tokens) and removes them from any text the
 * client is about to put on an error. A server that echoes a credential back in `detailMessage` or an odd
 * body must not turn it into a log line.
 */
export class Redactor {
  private readonly fixed: string[];
  private recent: string[] = [];

  constructor(fixedSecrets: string[]) {
    this.fixed = fixedSecrets.filter((s) => s.length > 0);
  }

  remember(...secrets: string[]): void {
    this.recent = [...secrets.filter((s) => s.length > 0), ...this.recent].slice(0, REMEMBERED * 2);
  }

  scrub(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is removed whole.
    for (const secret of [...this.fixed, ...this.recent].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(CENSOR);
    }
    return out;
  }
}
