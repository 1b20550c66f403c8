// A static single-page app: everything runs in the browser, nothing is rendered on a server.
export const ssr = false;
export const prerender = false;
