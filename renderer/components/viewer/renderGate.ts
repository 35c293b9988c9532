/**
 * Pages in view are drawn before pages kept ready around them: pdf.js's worker does one thing at a
 * time, and a page drawn ahead would otherwise delay the one the clerk is looking at (after a jump to
 * page 400, its neighbours wait until page 400 shows). Pages around the view are drawn one at a time,
 * as pdf.js's own viewer does (its rendering queue): three neighbours asked for at once would each
 * hold the worker and the main thread when the clerk jumps elsewhere. Work that is not drawing (the
 * page sizes, the form fields) waits for `idle` between its steps for the same reason.
 */
export class RenderGate {
  private inView = 0;
  private aroundBusy = false;
  /** A page in view is about to be drawn (a jump): nothing else starts until its drawing does. */
  private held = false;
  private holds = 0;
  private around: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private inViewWaiters: (() => void)[] = [];

  /** Runs the drawing of a page in view; pages around it wait until every such drawing is done. */
  async inViewJob<T>(job: () => Promise<T>): Promise<T> {
    this.inView++;
    this.held = false;
    try {
      return await job();
    } finally {
      this.inView--;
      this.pump();
    }
  }

  /**
   * Runs the drawing of a page around the view once no page in view is being drawn and no other page
   * around it either. A page gone meanwhile still gets its turn: its job sees it was cancelled and ends.
   */
  async aroundJob<T>(job: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.around.push(resolve);
      this.pump();
    });
    try {
      return await job();
    } finally {
      this.aroundBusy = false;
      this.pump();
    }
  }

  /**
   * Says a page in view is about to be drawn (the clerk jumped to it): work waiting for `idle` (the next
   * batch of page sizes) waits for that drawing too, not only for those already started, so the worker
   * is free when the page asks for it. Released when a drawing in view starts, or after two frames if
   * none does (the page was drawn already).
   */
  hold() {
    this.held = true;
    const hold = ++this.holds;
    const release = () => {
      // Already released, or held again since: the later hold has its own release.
      if (!this.held || hold !== this.holds) return;
      this.held = false;
      this.pump();
    };
    requestAnimationFrame(() => requestAnimationFrame(release));
  }

  /** A page in view is being drawn, or about to be (`hold`). */
  drawingInView(): boolean {
    return this.inView > 0 || this.held;
  }

  /** Resolves once no page in view is being drawn or about to be. */
  inViewDone(): Promise<void> {
    if (!this.drawingInView()) return Promise.resolve();
    return new Promise((resolve) => this.inViewWaiters.push(resolve));
  }

  /** Resolves once nothing is being drawn or waiting to be. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.inView === 0 && !this.held && !this.aroundBusy && this.around.length === 0;
  }

  private pump() {
    if (this.inView > 0 || this.held) return;
    const inViewDone = this.inViewWaiters;
    this.inViewWaiters = [];
    inViewDone.forEach((resolve) => resolve());
    if (this.aroundBusy) return;
    const next = this.around.shift();
    if (next) {
      this.aroundBusy = true;
      next();
      return;
    }
    const waiting = this.idleWaiters;
    this.idleWaiters = [];
    waiting.forEach((resolve) => resolve());
  }
}
