// Closed-loop task creation for side-by-side.sh: CONNECTIONS keep-alive connections, one request in flight on each,
// for SECONDS; prints "created errors p50_ms p99_ms". Node.js only, no dependencies.
//
//   node task-burst.js PORT TOKENS_JSON SECONDS [CONNECTIONS]
const http = require('http');
const fs = require('fs');

const [port, tokensFile, seconds, connections] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4]),
  Number(process.argv[5] || 64)];
const tokens = JSON.parse(fs.readFileSync(tokensFile));
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies = [];
let errors = 0;
let stopped = false;

function next(client, n) {
  if (stopped) return;
  const body = JSON.stringify({ title: `Burst task ${client} ${n}`, priority: 'normal' });
  const started = process.hrtime.bigint();
  const req = http.request({ host: '127.0.0.1', port, path: '/api/v1/tasks', method: 'POST', agent, headers: {
    'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
    authorization: 'Bearer ' + tokens[client % tokens.length] } }, res => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode === 201) latencies.push(Number(process.hrtime.bigint() - started) / 1e6); else errors++;
      next(client, n + 1);
    });
  });
  req.on('error', () => { errors++; setTimeout(() => next(client, n + 1), 10); });
  req.end(body);
}

for (let c = 0; c < connections; c++) next(c, 0);
setTimeout(() => {
  stopped = true;
  latencies.sort((a, b) => a - b);
  const at = q => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1) : 'n/a';
  console.log(`${latencies.length} ${errors} ${at(0.5)} ${at(0.99)}`);
  process.exit(0);
}, seconds * 1000);
