/** Architecture rules, checked by the test command (as domain-driven-hexagon does). */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'Deciders are functions of (command, state): no framework, no database, no I/O.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: '^src/domain/',
      },
    },
    {
      name: 'domain-imports-no-platform-module',
      comment: 'Not even Node core modules: time and randomness come in with the command.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'deciders-are-pure',
      comment:
        "A use case's decide function lives in its folder beside its controller, yet is as pure as the domain: it imports the domain and other deciders only (no Nest, TypeORM, pg, the shell).",
      severity: 'error',
      from: { path: '\\.(decide|decider)\\.ts$', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^src/domain/', '\\.(decide|decider)\\.ts$'] },
    },
    {
      name: 'deciders-import-no-platform-module',
      severity: 'error',
      from: { path: '\\.(decide|decider)\\.ts$', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'event-store-port-knows-no-adapter',
      comment:
        'The port and its shared pieces are implemented by adapters, never the other way round.',
      severity: 'error',
      from: { path: '^src/event-store/' },
      to: {
        path: [
          '^src/adapters/',
          '^src/modules/',
          '^projections/',
          'node_modules/(@nestjs|typeorm|pg)/',
        ],
      },
    },
    {
      name: 'pages-use-the-api-and-the-verifier-only',
      comment:
        'The browser pages talk to the API over HTTP and verify proofs with the standalone verifier: no server code in a page.',
      severity: 'error',
      from: { path: '^web/', pathNot: '^web/vite\\.config\\.js$' },
      to: {
        pathNot: [
          '^web/',
          '^src/verifier/',
          '^projections/anomalies/anomaly\\.ts$',
          'node_modules/(preact|ngeohash|vite)/',
        ],
      },
    },
    {
      name: 'the-server-does-not-import-pages',
      severity: 'error',
      from: { path: '^(src|projections)/' },
      to: { path: '^web/' },
    },
    {
      name: 'verifier-is-standalone',
      comment:
        'The verifier checks bundles offline, in Node or a browser: no framework, no database, no Node core module; only the pure modules it re-derives timelines with.',
      severity: 'error',
      from: { path: '^src/verifier/', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: [
          '^src/verifier/',
          '^src/domain/',
          '^src/event-store/(canonical-event|event-store\\.port)\\.ts$',
          '^projections/(delivery-story|delivery-timeline|anomalies)/',
          'node_modules/(@noble|canonicalize)/',
        ],
      },
    },
    {
      name: 'verifier-imports-no-platform-module',
      severity: 'error',
      from: {
        path: '^(src/verifier|projections/(delivery-story|delivery-timeline|anomalies))/',
        pathNot: '\\.spec\\.ts$',
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A file nothing imports is dead code (entry points and specs excepted).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '\\.(spec|e2e-spec)\\.ts$',
          '^src/main\\.ts$',
          '^src/cli/main\\.ts$',
          '^projections/worker\\.ts$',
          '(^|/)\\.[^/]+\\.(js|cjs)$',
          '^test/support/.+\\.reporter\\.cjs$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js'],
    },
  },
};
