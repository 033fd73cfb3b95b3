// Where a sign-in link points: the chat surfaces hand it out, the web adapter serves it, so the
// path is written once here.

/** The path the web adapter redeems sign-in links at. */
export const signInPath = "/dashboard/sign-in";

/** The link an agent follows to sign in, under the service's public address (PUBLIC_URL, no trailing slash). */
export function signInUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${signInPath}?token=${encodeURIComponent(token)}`;
}
