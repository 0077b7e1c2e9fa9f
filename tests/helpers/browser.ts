/**
 * Chromium for the console's browser tests: Debian's /usr/bin/chromium driven by npm
 * playwright-core, a collector of browser console errors, and a check that nothing sticks out
 * of the viewport sideways.
 */
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];
const LAUNCH_TIMEOUT_MS = 30_000;

export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile;
  } catch {
    return false;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    timeout: LAUNCH_TIMEOUT_MS,
  });
}

/** Records every console error and uncaught exception of `page` into the returned array. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`${page.url()}: console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`${page.url()}: uncaught: ${err.message}`));
  return errors;
}

/**
 * Elements that reach past the viewport's left or right edge (outside horizontal scrollers,
 * whose content may be wider by design), plus the document itself when it scrolls sideways.
 */
// Browser globals used inside page.evaluate callbacks, which run in chromium, not in Deno. The
// project does not type-check against the DOM library (its stream types clash with Deno's).
declare const document: any;
declare function getComputedStyle(el: unknown): { overflowX: string };
type Element = any;

export function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const viewportWidth = document.documentElement.clientWidth;
    const found: string[] = [];
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > viewportWidth) {
      found.push(`document is ${scrollWidth}px wide in a ${viewportWidth}px viewport`);
    }
    const insideScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const overflowX = getComputedStyle(p).overflowX;
        if (overflowX === "auto" || overflowX === "scroll" || overflowX === "hidden") return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right <= viewportWidth + 0.5 && box.left >= -0.5) continue;
      if (insideScroller(el)) continue;
      const cls = el.getAttribute("class");
      const name = el.tagName.toLowerCase() + (cls ? `.${cls.replaceAll(" ", ".")}` : "");
      found.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)}px`);
    }
    return found;
  });
}
