// Re-exports React 18 and its DOM client. The alias names matter: Vite's dependency optimizer keys
// pre-bundled packages by specifier, so a bare `react` here would be served the wrapper's React 19.
// `react` 18 is also a dependency of this package so that react-dom 18's peer resolves to it.

import { createRoot } from 'react-dom18/client';
import * as React from 'react18';

export { createRoot, React };
