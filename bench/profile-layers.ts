/**
 * Where a CPU profile's time went, by layer of the server: the HTTP framework, the database client,
 * personal-data crypto, the ledger's own code, logging and metrics, garbage collection.
 *
 *   KEYTRAIL_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-interval 2000 --cpu-prof-dir=/tmp/prof" \
 *     node dist/bench/load.js --seconds 15
 *   node dist/bench/profile-layers.js /tmp/prof/*.cpuprofile
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const LAYERS: [string, RegExp][] = [
  ['socket writes (and being preempted in them)', /^(writev|writeBuffer|writeUtf8String)$/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['idle', /^\(idle\)$/],
  ['database client (pg, TypeORM)', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|typeorm)\//],
  [
    'HTTP framework (Nest, Express, validation, multipart)',
    /node_modules\/(@nestjs|express|router|body-parser|raw-body|class-validator|class-transformer|rxjs|multer|busboy|type-is|reflect-metadata|finalhandler|send|serve-static)\/|node:_http|node:internal\/http/,
  ],
  ['JWT (jose)', /node_modules\/jose\//],
  ['logging and metrics (pino, prom-client)', /node_modules\/(pino|sonic-boom|prom-client)\//],
  [
    'personal-data crypto (seal, open, AES-GCM)',
    /dist\/src\/privacy\/|node:internal\/crypto\/cipher/,
  ],
  ['canonical JSON and hashing', /dist\/src\/event-store\/canonical|node_modules\/canonicalize\//],
  ['projections', /dist\/projections\//],
  ['ledger code (deciders, shell, adapters)', /dist\/src\//],
];

const layerOf = (node: ProfileNode): string => {
  const { functionName, url } = node.callFrame;
  for (const [name, pattern] of LAYERS)
    if (pattern.test(functionName) || pattern.test(url)) return name;
  if (url) return 'Node.js internals and other libraries (streams, events, timers)';
  return functionName === '(program)'
    ? 'V8 itself'
    : 'native calls (file system, buffers, regexps)';
};

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byLayer = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    const layer = layerOf(nodes.get(id)!);
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + delta);
  });
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
  console.log('| layer (self time) | share |');
  console.log('| --- | ---: |');
  for (const [layer, time] of [...byLayer].sort((a, b) => b[1] - a[1]))
    console.log(`| ${layer} | ${((100 * time) / total).toFixed(1)} % |`);
}
