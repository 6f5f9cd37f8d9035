import type { ComponentChildren } from 'preact';

import { SkipLink } from './skip-link.js';

/** The frame of every signed-in page: skip link, brand, navigation, who is signed in, the content. */
export function PageFrame(props: {
  navLabel: string;
  nav: ComponentChildren;
  who?: ComponentChildren;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  return (
    <>
      <SkipLink />
      <header class="top">
        <p class="brand">keytrail</p>
        <nav aria-label={props.navLabel}>{props.nav}</nav>
        <p class="who">
          {props.who}{' '}
          <button type="button" class="secondary" onClick={props.onSignOut}>
            Sign out
          </button>
        </p>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
