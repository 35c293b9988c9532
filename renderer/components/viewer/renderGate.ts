/**
 * Pages in view are drawn before pages kept ready around them: pdf.js's worker does one thing at a
 * time, and a page drawn ahead would otherwise delay the one the clerk is looking at (after a jump to
 * page 400, its neighbours wait until page 400 shows).
 */
export class RenderGate {
  private inView = 0;
  private waiting: (() => void)[] = [];

  /** Runs the drawing of a page in view; pages around it wait until every such drawing is done. */
  async inViewJob<T>(job: () => Promise<T>): Promise<T> {
    this.inView++;
    try {
      return await job();
    } finally {
      this.inView--;
      if (this.inView === 0) this.release();
    }
  }

  /** Resolves once no page in view is being drawn. */
  idle(): Promise<void> {
    return this.inView === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release() {
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((resolve) => resolve());
  }
}
