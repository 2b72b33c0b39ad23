import { expect, type Page } from "@playwright/test";

/** The page does not scroll sideways; on failure, names the elements that stick out. */
export async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > width + 1 && getComputedStyle(element).position !== "fixed")
      .slice(-5)
      .map((element) => `${element.tagName.toLowerCase()}.${String(element.className).slice(0, 60)} → ${Math.round(element.getBoundingClientRect().right)}px`);
    return { excess: document.documentElement.scrollWidth - width, wide };
  });
  expect(overflow, JSON.stringify(overflow.wide)).toMatchObject({ excess: 0 });
}
