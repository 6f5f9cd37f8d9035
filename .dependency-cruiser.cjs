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
      name: 'error-filter-maps-one-class',
      comment:
        'The exception filter answers CodedError (src/domain/shared/coded-error.ts), never an adapter’s or a module’s own error class.',
      severity: 'error',
      from: { path: '^src/http/problem\\.filter\\.ts$' },
      to: { path: ['^src/adapters/', '^src/modules/', '^src/privacy/', '^src/event-store/'] },
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
      name: 'core-imports-no-projection',
      comment:
        'Projections depend on the core, never the reverse: only the application shell (src/modules, the Nest wiring, main, the CLI, the schema it composes) imports projections/.',
      severity: 'error',
      from: {
        path: '^src/(domain|event-store|verifier|integrity|privacy|adapters|config|story|shared|http|observability)/',
      },
      to: { path: '^projections/' },
    },
    {
      name: 'core-imports-no-shell',
      comment: 'The core is imported by the shell (src/modules), never the other way round.',
      severity: 'error',
      from: {
        path: '^src/(domain|event-store|verifier|integrity|privacy|adapters|config|story|shared)/',
        pathNot: '\\.spec\\.ts$',
      },
      to: {
        path: ['^src/modules/', '^src/(app|ledger)\\.module\\.ts$', '^src/ledger-schema\\.ts$'],
      },
    },
    {
      name: 'story-is-pure',
      comment:
        'What the events of a delivery tell is a pure fold the verifier re-derives offline: the domain, the event envelope, nothing else.',
      severity: 'error',
      from: { path: '^src/story/', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: ['^src/story/', '^src/domain/', '^src/event-store/event-store\\.port\\.ts$'],
      },
    },
    {
      name: 'projection-runtime-is-generic',
      comment:
        'The runtime runs whatever projections it is given; the list is composed by projections/delivery-projections.ts and the shell.',
      severity: 'error',
      from: { path: '^projections/runtime/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^projections/', pathNot: '^projections/runtime/' },
    },
    {
      name: 'projector-worker-serves-no-route',
      comment:
        'The projector worker boots the projections, the watchdog and the checkpoint issuer without the HTTP app.',
      severity: 'error',
      from: { path: '^projections/worker\\.ts$' },
      to: {
        reachable: true,
        path: ['\\.http\\.controller\\.ts$', '^src/app\\.(module|factory)\\.ts$'],
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
          '^src/story/anomalies/anomaly\\.ts$',
          'node_modules/(preact|ngeohash|vite|openapi-fetch)/',
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
          '^src/story/',
          'node_modules/(@noble|canonicalize|structured-headers)/',
        ],
      },
    },
    {
      name: 'verifier-imports-no-platform-module',
      severity: 'error',
      from: {
        path: '^src/(verifier|story)/',
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
      extensions: ['.ts', '.tsx', '.js', '.d.ts'],
    },
  },
};
