import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN as ADMIN } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";

/**
 * Accounts end to end: signing in and out, API keys (shown once, usable, revocable, audited),
 * and inviting a viewer who then sees settings read-only. The e2e server creates the admin
 * (E2E_ADMIN) from LOUPE_ADMIN_EMAIL / LOUPE_ADMIN_PASSWORD, and every spec runs signed in as
 * that admin (e2e/global-setup.ts) unless it says otherwise. Each test makes its own project, so the
 * seeded "default" and "demo" projects the other specs count on stay as they were.
 */
const SIGNED_OUT = { cookies: [], origins: [] };

/** Creates a project through Settings → New project; the page then shows it. Returns its id. */
async function createProject(page: Page, name: string): Promise<string> {
  await page.goto("/settings");
  await page.getByTestId("project-create-name").fill(name);
  await page.getByTestId("project-create-submit").click();
  await expect(page).toHaveURL(/[?&]project=/);
  await expect(page.getByTestId("settings-project").locator("option:checked")).toContainText(name);
  const id = new URL(page.url()).searchParams.get("project");
  expect(id).toBeTruthy();
  return id as string;
}

function record(id: string) {
  return { id, model: "e2e-key-model", response: { tokens: [{ token: "Hi", logprob: -0.1 }, { token: "!", logprob: -0.4 }] } };
}

test.describe("signing in", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a visitor is sent to sign in, sees a wrong password refused, signs in and out", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login\?next=%2F$/);

    await page.getByTestId("login-email").fill(ADMIN.email);
    await page.getByTestId("login-password").fill("not-the-password");
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-error")).toBeVisible();
    await expect(page.getByTestId("login-error")).toContainText(/wrong email or password/i);
    await expect(page).toHaveURL(/\/login/);

    await page.getByTestId("login-password").fill(ADMIN.password);
    await page.getByTestId("login-submit").click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect(page.getByTestId("current-user")).toBeVisible();

    await page.getByTestId("sign-out").click();
    await page.waitForURL((url) => url.pathname === "/login");
    // The session is gone on the server too, not just the cookie.
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
  });
});

test("an API key is shown once, ingests until revoked, and both changes are audited", async ({ page, request }) => {
  const stamp = Date.now();
  const projectId = await createProject(page, `E2E keys ${stamp}`);
  const keyName = `e2e ingest ${stamp}`;

  // A disabled "Create key" says why, and the hint goes once the form is complete.
  await expect(page.getByTestId("key-create")).toBeDisabled();
  await expect(page.getByTestId("key-create-hint")).toHaveText("To create a key, give it a name.");
  await page.getByTestId("key-name").fill(keyName);
  await expect(page.getByTestId("key-create-hint")).toHaveCount(0);
  await page.getByTestId("key-scope-ingest").check();
  await page.getByTestId("key-scope-read").uncheck();
  await page.getByTestId("key-create").click();
  const newKey = page.getByTestId("new-key-value");
  await expect(newKey).toHaveValue(/^lp_\S{20,}$/);
  const key = await newKey.inputValue();

  const row = page.getByTestId("key-row").filter({ hasText: keyName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`${key.slice(0, 8)}…`);
  await expect(row.getByTestId("key-scopes")).toHaveText("ingest");
  const keyId = await row.getAttribute("data-key-id");
  expect(keyId).toBeTruthy();

  // Once: after a reload the key is listed by its prefix, and the secret is nowhere on the page.
  await page.reload();
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId("new-key-value")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  const ingest = (id: string) => request.post("/api/v1/ingest", { headers: { authorization: `Bearer ${key}` }, data: record(id) });
  const accepted = await ingest(`e2e-key-${stamp}-1`);
  expect(accepted.status(), await accepted.text()).toBe(200);

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByTestId("key-revoke").click();
  await expect(row.getByTestId("key-revoke")).toHaveCount(0);
  const refused = await ingest(`e2e-key-${stamp}-2`);
  expect(refused.status()).toBe(401);

  const auditRows = page.getByTestId("audit-row").filter({ hasText: projectId });
  await expect(auditRows.filter({ hasText: "api_key.created" }).filter({ hasText: keyName })).toHaveCount(1);
  await expect(auditRows.filter({ hasText: "api_key.revoked" }).filter({ hasText: keyId as string })).toHaveCount(1);
  // Audit details carry the prefix, never the key.
  await expect(page.getByTestId("audit-log")).not.toContainText(key);
});

test("an address that has an account joins another project with that account's password, not a new one", async ({ page, browser, baseURL }) => {
  const person = { email: `twice-${Date.now()}@loupe.test`, name: "Tom Twice", password: "twice-password-123" };
  const invite = async (projectName: string) => {
    await createProject(page, projectName);
    await page.getByTestId("invite-email").fill(person.email);
    await page.getByTestId("invite-submit").click();
    return page.getByTestId("invite-url").inputValue();
  };
  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    const personPage = await context.newPage();
    await personPage.goto(await invite(`E2E first ${Date.now()}`));
    await personPage.getByTestId("accept-name").fill(person.name);
    await personPage.getByTestId("accept-password").fill(person.password);
    await personPage.getByTestId("accept-confirm").fill(person.password);
    await personPage.getByTestId("accept-submit").click();
    await personPage.waitForURL((url) => url.pathname === "/");
    await context.clearCookies();

    // The second project's invitation is a link too; its page asks for the account's password only.
    const secondUrl = await invite(`E2E second ${Date.now()}`);
    await personPage.goto(secondUrl);
    await expect(personPage.getByTestId("invite-summary")).toContainText("enter its password to join");
    await expect(personPage.getByTestId("accept-name")).toHaveCount(0);
    await expectNoAxeViolations(personPage);
    await personPage.getByTestId("accept-password").fill("not-the-password-1");
    await personPage.getByTestId("accept-submit").click();
    await expect(personPage.getByTestId("accept-error")).toContainText("wrong password");
    await personPage.getByTestId("accept-password").fill(person.password);
    await personPage.getByTestId("accept-submit").click();
    await personPage.waitForURL((url) => url.pathname === "/");
    await expect(personPage.getByTestId("current-user")).toHaveText(person.name);
  } finally {
    await context.close();
  }
  await page.reload();
  await expect(page.getByTestId("member-row").filter({ hasText: person.email })).toHaveCount(1);
});

test("an invited viewer sets a password, lands signed in, and gets settings read-only", async ({ page, browser, baseURL }) => {
  const viewer = { email: `viewer-${Date.now()}@loupe.test`, name: "Vera Viewer", password: "viewer-password-123" };
  const projectId = await createProject(page, `E2E team ${Date.now()}`);

  await page.getByTestId("invite-email").fill(viewer.email);
  await page.getByTestId("invite-role").selectOption("viewer");
  await page.getByTestId("invite-submit").click();
  const inviteField = page.getByTestId("invite-url");
  await expect(inviteField).toHaveValue(/\/invite\/[\w-]+$/);
  const inviteUrl = await inviteField.inputValue();
  // The link names the origin the admin is on, whatever host the server sees.
  expect(new URL(inviteUrl).origin).toBe(new URL(baseURL as string).origin);
  await expect(page.getByTestId("invitation-row").filter({ hasText: viewer.email })).toHaveCount(1);

  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    const viewerPage = await context.newPage();
    await viewerPage.goto(inviteUrl);
    await expect(viewerPage.getByTestId("invite-summary")).toContainText(viewer.email);
    await expectNoAxeViolations(viewerPage);
    await viewerPage.getByTestId("accept-name").fill(viewer.name);
    await viewerPage.getByTestId("accept-password").fill(viewer.password);
    await viewerPage.getByTestId("accept-confirm").fill(viewer.password);
    await viewerPage.getByTestId("accept-submit").click();
    await viewerPage.waitForURL((url) => url.pathname === "/");
    await expect(viewerPage.getByTestId("current-user")).toHaveText(viewer.name);

    await viewerPage.goto("/settings");
    await expect(viewerPage.getByTestId("settings-read-only")).toBeVisible();
    await expect(viewerPage.getByTestId("settings-project")).toHaveValue(projectId);
    for (const hook of ["key-name", "key-create", "invite-submit", "project-create-name", "audit-row"]) {
      await expect(viewerPage.getByTestId(hook)).toHaveCount(0);
    }
    // The API refuses what the page leaves out.
    expect((await viewerPage.request.get(`/api/v1/projects/${projectId}/keys`)).status()).toBe(403);
    expect((await viewerPage.request.get("/api/v1/audit")).status()).toBe(403);

    // The link worked once.
    await viewerPage.goto(inviteUrl);
    await expect(viewerPage.getByTestId("invite-invalid")).toBeVisible();
    await expectNoAxeViolations(viewerPage);
  } finally {
    await context.close();
  }

  await page.reload();
  await expect(page.getByTestId("member-row").filter({ hasText: viewer.email })).toContainText(viewer.name);
  await expect(page.getByTestId("invitation-row").filter({ hasText: viewer.email })).toHaveCount(0);
});

test("the Settings page passes axe, with keys, members and an open invitation listed", async ({ page }) => {
  await createProject(page, `E2E axe ${Date.now()}`);
  // One revoked and one active key: both row styles are checked.
  for (const name of ["axe revoked key", "axe key"]) {
    await page.getByTestId("key-name").fill(name);
    await page.getByTestId("key-create").click();
    await expect(page.getByTestId("key-row").filter({ hasText: name })).toHaveCount(1);
  }
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("key-row").filter({ hasText: "axe revoked key" }).getByTestId("key-revoke").click();
  await expect(page.getByTestId("key-row").filter({ hasText: "axe revoked key" }).getByTestId("key-revoke")).toHaveCount(0);
  await page.getByTestId("invite-email").fill(`axe-${Date.now()}@loupe.test`);
  await page.getByTestId("invite-submit").click();
  await expect(page.getByTestId("invitation-row")).toHaveCount(1);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an admin revokes an open invitation and its link stops working", async ({ page, browser, baseURL }) => {
  const email = `revoked-${Date.now()}@loupe.test`;
  const projectId = await createProject(page, `E2E revoke ${Date.now()}`);
  await page.getByTestId("invite-email").fill(email);
  await page.getByTestId("invite-role").selectOption("admin");
  await page.getByTestId("invite-submit").click();
  const inviteUrl = await page.getByTestId("invite-url").inputValue();
  const row = page.getByTestId("invitation-row").filter({ hasText: email });
  await expect(row).toContainText(`by ${ADMIN.email}`);

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByTestId("invitation-revoke").click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId("audit-row").filter({ hasText: projectId }).filter({ hasText: "invitation.revoked" })).toHaveCount(1);

  const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    const visitor = await context.newPage();
    await visitor.goto(inviteUrl);
    await expect(visitor.getByTestId("invite-invalid")).toBeVisible();
  } finally {
    await context.close();
  }
});

test.describe("at 390 px wide", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the invite form's hint does not overlap the invitation link, and members fit the card", async ({ page }) => {
    await createProject(page, `E2E narrow members ${Date.now()}`);
    await page.getByTestId("invite-email").fill(`narrow-${Date.now()}@loupe.test`);
    await page.getByTestId("invite-submit").click();
    await expect(page.getByTestId("invite-url")).toBeVisible();
    // The hint's text stays inside its own box (no overflow into the link below it), and the box is above the link.
    const hint = page.getByTestId("invite-hint");
    expect(await hint.evaluate((element) => element.scrollHeight <= element.clientHeight), "hint text overflows its box").toBe(true);
    const hintBox = await hint.boundingBox();
    const link = await page.getByTestId("invite-result").boundingBox();
    expect(hintBox && link && hintBox.y + hintBox.height <= link.y + 0.5, "hint above the link").toBe(true);
    // The admin who created the project; the invitee is not a member until accepting.
    await expect(page.getByTestId("member-row")).toHaveCount(1);
    const card = await page.getByTestId("members").boundingBox();
    for (const row of await page.getByTestId("member-row").all()) {
      const box = await row.boundingBox();
      expect(box && card && box.x + box.width <= card.x + card.width, "member row inside the Members card").toBe(true);
    }
  });

  test("every API key's Revoke button is on screen", async ({ page }) => {
    await createProject(page, `E2E narrow ${Date.now()}`);
    for (const name of ["a rather long key name for a phone", "second"]) {
      await page.getByTestId("key-name").fill(name);
      await page.getByTestId("key-create").click();
      await expect(page.getByTestId("key-row").filter({ hasText: name })).toHaveCount(1);
    }
    for (const button of await page.getByTestId("key-revoke").all()) {
      // Scroll the page only: scrollIntoView would also scroll the table's own overflow box.
      await button.evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 200));
      await expect(button).toBeInViewport({ ratio: 1 });
    }
  });
});
