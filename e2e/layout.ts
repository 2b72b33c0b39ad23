import { expect, type Page } from "@playwright/test";

/**
 * The page does not scroll sideways; on failure, names the elements that stick out. Polled for a
 * few seconds: after a viewport change, recharts' ResponsiveContainer re-measures on its own
 * resize observer, so a chart may still be at the old width for a frame or two.
 */
export async function expectNoSidewaysScroll(page: Page) {
  const measure = () =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > width + 1 && getComputedStyle(element).position !== "fixed")
        .slice(-5)
        .map((element) => `${element.tagName.toLowerCase()}.${String(element.className).slice(0, 60)} → ${Math.round(element.getBoundingClientRect().right)}px`);
      return { excess: document.documentElement.scrollWidth - width, wide };
    });
  await expect.poll(async () => (await measure()).excess, { timeout: 5_000 }).toBe(0).catch(async () => {
    const overflow = await measure();
    expect(overflow, JSON.stringify(overflow.wide)).toMatchObject({ excess: 0 });
  });
}
