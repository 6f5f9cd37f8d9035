import '../shared/styles.css';

import { render } from 'preact';

import { CustomerApp } from './customer-app.js';

render(<CustomerApp />, document.getElementById('app')!);
