import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLE_TABS } from './examples';
import { createMarqueeFetcher } from './fetcher';

const fetcher = createMarqueeFetcher(window.location);
const plugins = [HISTORY_PLUGIN, explorerPlugin()];

const container = document.getElementById('graphiql');
if (!container) throw new Error('#graphiql is missing from the page');
createRoot(container).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} plugins={plugins} defaultTabs={EXAMPLE_TABS} defaultEditorToolsVisibility="headers" />
  </StrictMode>,
);
