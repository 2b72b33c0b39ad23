/**
 * The invitation link on the origin the admin is using. The API builds the link from its own
 * request URL, which under `next start` or behind a proxy can name localhost or an internal host.
 */
export function inviteLinkForOrigin(inviteUrl: string, origin: string): string {
  try {
    const url = new URL(inviteUrl);
    return `${origin}${url.pathname}${url.search}${url.hash}`;
  } catch {
    return inviteUrl;
  }
}
