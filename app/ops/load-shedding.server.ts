// Load shedding: at most MAX_ACTIVE_REQUESTS storefront requests are served at once; the next
// REQUEST_QUEUE_LIMIT wait their turn (up to REQUEST_QUEUE_WAIT_MS), and beyond that the answer is
// 503 with Retry-After at once. Unbounded, a drop day's crowd made every request slow together
// (30 s waits, client timeouts) and each waiting render held its memory (2 GB RSS); capped, the
// requests admitted finish quickly and the rest are told to come back in a moment.
// Customers already shopping (a session cookie) go ahead of new visitors in the
// queue and may take a new visitor's place in it, so a drop day refuses arrivals, not checkouts.
import type { NextFunction, Request, Response } from "express";
import { metrics } from "~/lib/metrics.server";
import { busyPage } from "./refusal-pages.server";

export interface InFlightLimits {
  maxActive: number;
  maxQueued: number;
  maxQueueWaitMs: number;
  retryAfterSeconds: number;
}

interface Waiting {
  admit: () => void;
  refuse: (reason: "queue_full" | "queue_wait") => void;
}

export type Shed = (req: Request, res: Response, retryAfterSeconds: number) => void;

/** The refusal: the busy page, with Retry-After. */
export const answerBusy: Shed = (_req, res, retryAfterSeconds) => {
  res.status(503).set({ "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store", Connection: "close" })
    .type("html").send(busyPage(retryAfterSeconds));
};

/**
 * A customer who is already shopping: their session cookie. A form posted without one (a new
 * visitor's first "Add to cart") is an arrival: now that the menu and product pages are served from
 * memory whatever the queue (catalog/page-cache.server.ts), the first add is where a drop day's
 * crowd reaches the cap, and it must wait behind the customers already checking out.
 */
function isShopping(req: Request): boolean {
  return /(?:^|;\s*)__larder=/.test(req.headers.cookie ?? "");
}

export function limitInFlight(limits: InFlightLimits, options: { exempt: (req: Request) => boolean; shed: Shed }) {
  let active = 0;
  const shopping: Waiting[] = [];
  const arriving: Waiting[] = [];
  const report = () => {
    metrics.httpInFlight.set({ state: "active" }, active);
    metrics.httpInFlight.set({ state: "queued" }, shopping.length + arriving.length);
  };

  const release = () => {
    active--;
    const next = shopping.shift() ?? arriving.shift();
    next?.admit();
    report();
  };

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (options.exempt(req)) return next();
    const start = () => {
      active++;
      report();
      let released = false;
      const free = () => {
        if (released) return;
        released = true;
        // Not inside this answer's res.end: the next request starts on a stack of its own.
        process.nextTick(release);
      };
      // The place is given back once the answer is all handed to Node (res.end), not when the
      // client has read it ('close' waits for the socket to drain): a slow reader's last bytes
      // wait in the socket's buffer without holding a place a render could use.
      const end = res.end;
      res.end = function (this: Response, ...args: Parameters<Response["end"]>) {
        const answered = end.apply(this, args);
        free();
        return answered;
      } as Response["end"];
      // A client that goes away mid-answer: 'close' without an end.
      res.once("close", free);
      next();
    };
    if (active < limits.maxActive) return start();

    const refuse = (reason: "queue_full" | "queue_wait") => {
      metrics.httpShed.inc({ reason });
      res.locals.shed = reason;
      options.shed(req, res, limits.retryAfterSeconds);
    };
    const queue = isShopping(req) ? shopping : arriving;
    if (shopping.length + arriving.length >= limits.maxQueued) {
      // Full: a shopping customer takes the place of the newest new visitor; a new visitor is refused.
      const bumped = queue === shopping ? arriving.pop() : undefined;
      if (!bumped) return refuse("queue_full");
      bumped.refuse("queue_full");
    }
    const leave = () => {
      clearTimeout(timer);
      res.off("close", gone);
      const at = queue.indexOf(waiting);
      if (at >= 0) queue.splice(at, 1);
      report();
    };
    // A client that gives up while waiting leaves the queue.
    const gone = () => leave();
    const waiting: Waiting = {
      admit: () => {
        leave();
        start();
      },
      refuse: (reason) => {
        leave();
        refuse(reason);
      },
    };
    const timer = setTimeout(() => waiting.refuse("queue_wait"), limits.maxQueueWaitMs);
    res.once("close", gone);
    queue.push(waiting);
    report();
  };
  return Object.assign(middleware, { stats: () => ({ active, queued: shopping.length + arriving.length }) });
}
