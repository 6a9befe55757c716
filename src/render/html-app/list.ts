/**
 * The virtual list: a spacer as tall as every row together, and a window holding only the
 * rows on screen (plus a margin), redrawn on scroll. Rows have one fixed height, so row `r`
 * sits at `r * rowHeight`; past a few million pixels the offsets are scaled (browsers cap an
 * element's height).
 *
 * @module
 */

/** The rows: `>= 0` a flow index, `< 0` the header of table `-r - 1`. @internal */
export interface ListModel {
  rows: Int32Array;
  /** Row of each table's header in `rows` (-1 when the table has no row). */
  headerAt: Int32Array;
}

const MAX_PX = 15_000_000;
const MARGIN = 8;

/** A virtual list over `scroller`. @internal */
export class VirtualList {
  private model: ListModel = { rows: new Int32Array(0), headerAt: new Int32Array(0) };
  private readonly spacer: HTMLDivElement;
  private readonly win: HTMLDivElement;
  private scale = 1;
  private drawn = "";
  private pending = false;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly rowHeight: number,
    private readonly draw: (row: number, value: number) => string,
    private readonly onTop: (row: number) => void,
  ) {
    this.spacer = document.createElement("div");
    this.spacer.className = "spacer";
    this.win = document.createElement("div");
    this.win.className = "window";
    this.spacer.appendChild(this.win);
    scroller.appendChild(this.spacer);
    scroller.addEventListener("scroll", () => this.schedule(), { passive: true });
    addEventListener("resize", () => this.schedule());
  }

  /** Replaces the rows and draws. */
  setModel(model: ListModel, keepTop = false): void {
    this.model = model;
    const total = model.rows.length * this.rowHeight;
    this.scale = total > MAX_PX ? MAX_PX / total : 1;
    this.spacer.style.height = `${Math.ceil(total * this.scale)}px`;
    if (!keepTop) this.scroller.scrollTop = 0;
    this.redraw();
  }

  get rows(): Int32Array {
    return this.model.rows;
  }

  /** The first row on screen. */
  topRow(): number {
    return Math.min(this.model.rows.length - 1, Math.max(0, Math.floor(this.scroller.scrollTop / this.scale / this.rowHeight)));
  }

  /** Scrolls so that `row` is the first on screen. */
  scrollToRow(row: number): void {
    this.scroller.scrollTop = Math.round(row * this.rowHeight * this.scale);
    this.redraw();
  }

  /** The row of table `k`'s header, or -1. */
  headerRow(k: number): number {
    return this.model.headerAt[k] ?? -1;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.redraw(false);
    });
  }

  /** Draws the rows on screen (`force`: even if the same range is drawn). */
  redraw(force = true): void {
    const rows = this.model.rows;
    const top = this.scroller.scrollTop / this.scale;
    const first = Math.max(0, Math.floor(top / this.rowHeight) - MARGIN);
    const count = Math.ceil(this.scroller.clientHeight / this.rowHeight) + 2 * MARGIN;
    const last = Math.min(rows.length, first + count);
    const key = `${first}:${last}:${rows.length}`;
    if (!force && key === this.drawn) return;
    this.drawn = key;
    // Window position: the scaled scroll offset, minus how far into its row the top is.
    const offset = this.scroller.scrollTop - (top - first * this.rowHeight);
    this.win.style.transform = `translateY(${Math.max(0, offset)}px)`;
    let html = "";
    for (let r = first; r < last; r++) html += this.draw(r, rows[r] as number);
    this.win.innerHTML = html;
    this.onTop(Math.min(rows.length - 1, Math.floor(top / this.rowHeight)));
  }
}
