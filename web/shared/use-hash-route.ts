import { useEffect, useState } from 'preact/hooks';

/**
 * The page's place after `#`: never sent to the server, so never in its logs. Only ids of deliveries
 * go there, never personal data.
 */
export function useHashRoute(): string {
  const [route, setRoute] = useState(() => location.hash.replace(/^#/, '') || '/');
  useEffect(() => {
    const changed = () => setRoute(location.hash.replace(/^#/, '') || '/');
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

export const go = (route: string) => {
  location.hash = route;
};
