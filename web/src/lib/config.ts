/** Where the API is. The server that serves this app may say so in /config.json; otherwise the router on :4000 of this host. */
export interface AppConfig {
  graphqlUrl: string;
  websocketUrl: string;
}

export async function loadConfig(): Promise<AppConfig> {
  let graphqlUrl: string | null = null;
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (response.ok) graphqlUrl = ((await response.json()) as { graphqlUrl?: string | null }).graphqlUrl ?? null;
  } catch {
    // No config file: the default below.
  }
  const url = graphqlUrl ?? `${window.location.protocol}//${window.location.hostname}:4000/graphql`;
  return { graphqlUrl: url, websocketUrl: url.replace(/^http/, 'ws') };
}
