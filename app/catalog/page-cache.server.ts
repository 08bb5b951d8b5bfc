// The menu and product pages as a visitor without a cookie sees them, kept per process (issue 15:
// "caching the rendered menu by catalog version where it is safe"). Such a visitor has no cart, no
// account and no flash message, so every one of them is shown the same page, nonce and request id
// aside; a page is rendered once and then served from memory until either
// - the storefront changes: any statement on a table these pages read (menu, stock, daily limits,
//   slots, pauses, hours, the look) is heard through LISTEN (storefront-changes.server.ts), or
// - the minute it was rendered in ends: what the pages say about time (open today, paused until,
//   the days a limit is about) is to the minute.
// The page keeps a nonce and a request id of its own: each answer gets the request's fresh ones in
// their place (the Content-Security-Policy header names the request's nonce). A visitor with any
// cookie, a query string, or a page that is not a 200 without Set-Cookie, is rendered as before.
// Pages are kept only while LISTEN is up: without it, a change would go unheard.
import { SLUG } from "./slug";
import { minuteEnd, storefrontGeneration, storefrontListening } from "./storefront-changes.server";

/** `/` and `/products/<slug>`: the pages every new visitor opens. */
export function isCachedPagePath(path: string): boolean {
  if (path === "/") return true;
  const slug = /^\/products\/([^/]{1,100})$/.exec(path)?.[1];
  return slug !== undefined && SLUG.test(slug);
}

export interface PageRequest {
  method: string;
  path: string;
  /** The path with its query string (Express's originalUrl). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A GET of a cached page, without a query string, a cookie or credentials. */
export function isCacheablePageRequest(req: PageRequest): boolean {
  return req.method === "GET" && req.url === req.path && isCachedPagePath(req.path) && !req.headers.cookie && !req.headers.authorization;
}

const NONCE = 0;
const REQUEST_ID = 1;
type Segment = Buffer | typeof NONCE | typeof REQUEST_ID;

export interface CachedPage {
  status: number;
  headers: [string, string][];
  /** The page's bytes (UTF-8), split where its nonce and request id were. */
  segments: Segment[];
  generation: number;
  /** The end of the minute it was rendered in (ms since the epoch). */
  expiresAt: number;
}

/** Taken before a render starts: what the storefront was when its reads began. */
export interface RenderTicket {
  generation: number;
  startedAt: number;
}

export interface RenderedPage {
  status: number;
  headers: [string, string][];
  body: string;
  /** The nonce and request id the render used, replaced on each answer. */
  nonce: string;
  requestId: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function splitPage(body: string, nonce: string, requestId: string): Segment[] {
  const segments: Segment[] = [];
  const marks = new RegExp(`${escapeRegExp(nonce)}|${escapeRegExp(requestId)}`, "g");
  let last = 0;
  for (const found of body.matchAll(marks)) {
    segments.push(Buffer.from(body.slice(last, found.index)), found[0] === nonce ? NONCE : REQUEST_ID);
    last = found.index + found[0].length;
  }
  segments.push(Buffer.from(body.slice(last)));
  return segments;
}

/**
 * The page for one answer: its own nonce and request id in place of the render's. Kept as bytes,
 * so an answer is a copy, not a string built and encoded again (~0.1 ms of the menu's 0.4).
 */
export function pageBody(page: CachedPage, nonce: string, requestId: string): Buffer {
  const nonceBytes = Buffer.from(nonce);
  const requestIdBytes = Buffer.from(requestId);
  return Buffer.concat(page.segments.map((segment) => (segment === NONCE ? nonceBytes : segment === REQUEST_ID ? requestIdBytes : segment)));
}

/** Pages over this size are not kept (the menu is ~35 kB). */
const MAX_PAGE_CHARS = 1_000_000;

export class PageCache {
  private pages = new Map<string, CachedPage>();
  private rendering = new Map<string, { ticket: RenderTicket; page: Promise<CachedPage | null> }>();
  /** Paths that have had a page kept (at most maxPages): pages worth rendering ahead of the queue. */
  private known = new Set<string>();

  constructor(
    private readonly maxPages = 500,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether `req` may skip the in-flight queue (ops/load-shedding.server.ts): its page is kept, or
   * being rendered (it waits for that render), or it would be the one render of a page kept before
   * (after a change, or when the minute ends). The pages every new visitor opens must not wait
   * behind a queue of shoppers, or a drop day's arrivals are turned away each minute. A path never
   * kept (a slug that is no product) waits its turn like any request.
   */
  skipsQueue(req: PageRequest): boolean {
    if (!isCacheablePageRequest(req) || !storefrontListening()) return false;
    return this.lookup(req.path) !== null || this.rendered(req.path) !== null || (this.known.has(req.path) && !this.rendering.has(req.path));
  }

  private fresh(page: CachedPage | undefined): page is CachedPage {
    return page !== undefined && page.generation === storefrontGeneration() && this.now() < page.expiresAt && storefrontListening();
  }

  /** The kept page for `path`, if it is still the storefront as it is now. */
  lookup(path: string): CachedPage | null {
    const page = this.pages.get(path);
    if (this.fresh(page)) return page;
    if (page) this.pages.delete(path);
    return null;
  }

  /**
   * A render of `path` already under way since the last change: its page (null if it is not kept).
   * Many visitors arriving at once after a change wait for one render instead of each rendering.
   */
  rendered(path: string): Promise<CachedPage | null> | null {
    const under = this.rendering.get(path);
    return under && under.ticket.generation === storefrontGeneration() && this.now() < minuteEnd(under.ticket.startedAt) ? under.page : null;
  }

  /** Starts a render of `path`; `finish` is called with what it rendered (or null for an error). */
  begin(path: string): { ticket: RenderTicket; finish: (rendered: RenderedPage | null) => CachedPage | null } {
    const ticket = { generation: storefrontGeneration(), startedAt: this.now() };
    let settle!: (page: CachedPage | null) => void;
    const page = new Promise<CachedPage | null>((resolve) => (settle = resolve));
    const entry = { ticket, page };
    this.rendering.set(path, entry);
    return {
      ticket,
      finish: (rendered) => {
        if (this.rendering.get(path) === entry) this.rendering.delete(path);
        const kept = rendered ? this.store(path, ticket, rendered) : null;
        settle(kept);
        return kept;
      },
    };
  }

  /** Keeps a render's page when it may be shown to every visitor, and the storefront has not changed since it began. */
  store(path: string, ticket: RenderTicket, rendered: RenderedPage): CachedPage | null {
    const keepable =
      rendered.status === 200 &&
      rendered.body.length <= MAX_PAGE_CHARS &&
      rendered.nonce.length >= 16 &&
      rendered.requestId.length >= 16 &&
      !rendered.headers.some(([name, value]) => name === "set-cookie" || (name === "cache-control" && /no-store|private/.test(value))) &&
      rendered.headers.some(([name, value]) => name === "content-type" && value.startsWith("text/html"));
    const page: CachedPage = {
      status: rendered.status,
      headers: rendered.headers,
      segments: splitPage(rendered.body, rendered.nonce, rendered.requestId),
      generation: ticket.generation,
      expiresAt: minuteEnd(ticket.startedAt),
    };
    if (!keepable || !this.fresh(page)) return null;
    if (!this.pages.has(path) && this.pages.size >= this.maxPages) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(path, page);
    if (!this.known.has(path) && this.known.size >= this.maxPages) this.known.delete(this.known.values().next().value!);
    this.known.add(path);
    return page;
  }

  get size(): number {
    return this.pages.size;
  }
}
