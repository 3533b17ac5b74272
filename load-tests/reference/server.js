'use strict';
// Reference server for Switchboard's load tests: a yardstick, not product code. It does the same essential work per
// request as Switchboard's write paths, the plain way (Fastify 5, node-postgres 8, one Node.js process):
//
//   POST /tasks            HS256 JWT -> BEGIN; set_config(role, tenant); INSERT ref_tasks RETURNING *; COMMIT
//                          -> the row to the tenant's WebSocket subscribers -> 201 with the row
//   POST /webhooks/:tenant HMAC-SHA256 of the raw body (constant-time check) -> same transaction shape, INSERT
//                          ref_webhooks (payload jsonb) -> 202
//   POST /publish          HS256 JWT -> the body to the tenant's sockets, no database -> 200 {delivered}
//   GET  /ws?token=JWT     a tenant's subscriber socket (says {"type":"welcome"} once it is registered)
//   GET  /health           200 once the schema is in place and the pool answers
//
// Configuration (environment): REF_DB_URL (required, a superuser or owner, e.g. postgresql://postgres@localhost:5432/db),
// REF_JWT_SECRET and REF_WEBHOOK_SECRET (required), REF_PORT (8290), REF_HOST (127.0.0.1), REF_POOL_SIZE (16, like
// Switchboard's pool), REF_APP_ROLE (switchboard_app), REF_TENANT_CLAIM (tid).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Fastify = require('fastify');
const { Pool } = require('pg');

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`reference: ${name} must be set`);
    process.exit(2);
  }
  return value;
}

const config = {
  dbUrl: required('REF_DB_URL'),
  jwtSecret: required('REF_JWT_SECRET'),
  webhookSecret: required('REF_WEBHOOK_SECRET'),
  port: Number(process.env.REF_PORT || 8290),
  host: process.env.REF_HOST || '127.0.0.1',
  poolSize: Number(process.env.REF_POOL_SIZE || 16),
  appRole: process.env.REF_APP_ROLE || 'switchboard_app',
  tenantClaim: process.env.REF_TENANT_CLAIM || 'tid',
};
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.appRole)) {
  console.error('reference: REF_APP_ROLE must be a plain lower-case identifier');
  process.exit(2);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The role name is a validated identifier, so it can be part of the statement text (set_config takes text anyway).
const BIND = {
  name: 'ref_bind',
  text: `SELECT set_config('role', '${config.appRole}', true), set_config('app.tenant_id', $1, true)`,
};
const INSERT_TASK = 'INSERT INTO ref_tasks (tenant_id, id, title) VALUES ($1, $2, $3) RETURNING *';
const INSERT_WEBHOOK = 'INSERT INTO ref_webhooks (tenant_id, id, event_id, payload) VALUES ($1, $2, $3, $4::jsonb) '
  + 'ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING *';

const pool = new Pool({ connectionString: config.dbUrl, max: config.poolSize });
pool.on('error', (err) => console.error('reference: idle database connection failed:', err.message));

/** A time-ordered UUID (version 7), like Switchboard's ids, so both servers append to their primary key the same way. */
function uuidv7() {
  const bytes = crypto.randomBytes(16);
  const ms = Date.now();
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Runs one statement in a transaction bound to the tenant, as the application role; resolves with its rows. */
async function inTenant(tenantId, name, text, values) {
  const client = await pool.connect();
  let broken;
  try {
    await client.query('BEGIN');
    await client.query({ ...BIND, values: [tenantId] });
    const result = await client.query({ name, text, values });
    await client.query('COMMIT');
    return result.rows;
  } catch (err) {
    broken = await client.query('ROLLBACK').then(() => undefined, (rollbackErr) => rollbackErr);
    throw err;
  } finally {
    client.release(broken);
  }
}

/** Subscribers per tenant. */
const sockets = new Map();

function publish(tenantId, message) {
  const subscribers = sockets.get(tenantId);
  if (!subscribers || subscribers.size === 0) {
    return 0;
  }
  const frame = JSON.stringify(message);
  let delivered = 0;
  for (const socket of subscribers) {
    if (socket.readyState === 1) {
      socket.send(frame);
      delivered++;
    }
  }
  return delivered;
}

/** The tenant id of a verified token, or a 401. */
function tenantOf(payload) {
  const tenantId = payload && payload[config.tenantClaim];
  if (typeof tenantId !== 'string' || !UUID.test(tenantId)) {
    const err = new Error(`the token has no tenant claim "${config.tenantClaim}"`);
    err.statusCode = 401;
    throw err;
  }
  return tenantId.toLowerCase();
}

async function authenticate(request) {
  try {
    request.tenantId = tenantOf(await request.jwtVerify());
  } catch (err) {
    err.statusCode = 401;
    throw err;
  }
}

// Per-tenant webhook keys: HMAC-SHA256(REF_WEBHOOK_SECRET, tenant id), derived once per tenant.
const webhookKeys = new Map();

function webhookKey(tenantId) {
  let key = webhookKeys.get(tenantId);
  if (!key) {
    key = crypto.createHmac('sha256', config.webhookSecret).update(tenantId).digest();
    webhookKeys.set(tenantId, key);
  }
  return key;
}

/** True when `header` is "sha256=" + hex(HMAC-SHA256(tenant key, raw body)); compared in constant time. */
function signatureMatches(tenantId, header, body) {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) {
    return false;
  }
  const given = Buffer.from(header.slice(7), 'hex');
  const expected = crypto.createHmac('sha256', webhookKey(tenantId)).update(body).digest();
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

async function applySchema() {
  const sql = fs.readFileSync(path.join(__dirname, 'schema.sql'), 'utf8').replaceAll(':app_role', config.appRole);
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('switchboard-reference-schema'))");
    await client.query(sql);
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('switchboard-reference-schema'))").catch(() => {});
    client.release();
  }
}

async function main() {
  await applySchema();

  const app = Fastify({ logger: false });
  await app.register(require('@fastify/jwt'), { secret: config.jwtSecret, verify: { algorithms: ['HS256'] } });
  await app.register(require('@fastify/websocket'));

  app.get('/health', async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  });

  app.register(async (ws) => {
    ws.addHook('preValidation', async (request) => {
      try {
        request.tenantId = tenantOf(app.jwt.verify(String(request.query.token || '')));
      } catch (err) {
        err.statusCode = 401;
        throw err;
      }
    });
    ws.get('/ws', { websocket: true }, (socket, request) => {
      const tenantId = request.tenantId;
      let subscribers = sockets.get(tenantId);
      if (!subscribers) {
        subscribers = new Set();
        sockets.set(tenantId, subscribers);
      }
      subscribers.add(socket);
      socket.on('close', () => subscribers.delete(socket));
      socket.on('error', () => subscribers.delete(socket));
      socket.on('message', () => {}); // subscribers only listen
      socket.send(JSON.stringify({ type: 'welcome', tenantId }));
    });
  });

  app.register(async (api) => {
    api.addHook('onRequest', authenticate);

    api.post('/tasks', async (request, reply) => {
      const title = request.body && request.body.title;
      if (typeof title !== 'string' || title.length < 1 || title.length > 200) {
        return reply.code(422).send({ error: 'title must be a string of 1 to 200 characters' });
      }
      const [row] = await inTenant(request.tenantId, 'ref_insert_task', INSERT_TASK, [request.tenantId, uuidv7(), title]);
      publish(request.tenantId, { type: 'task.created', data: row });
      return reply.code(201).send(row);
    });

    api.post('/publish', async (request) => {
      const delivered = publish(request.tenantId, { type: 'published', data: request.body === undefined ? null : request.body });
      return { delivered };
    });
  });

  app.register(async (hooks) => {
    // The signature covers the exact bytes received: keep them raw, parse only after the check.
    hooks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => done(null, body));

    hooks.post('/webhooks/:tenant', async (request, reply) => {
      const tenantId = String(request.params.tenant).toLowerCase();
      const body = request.body;
      if (!UUID.test(tenantId) || !Buffer.isBuffer(body)) {
        return reply.code(404).send({ error: 'unknown webhook' });
      }
      if (!signatureMatches(tenantId, request.headers['x-signature'], body)) {
        return reply.code(401).send({ error: 'invalid signature' });
      }
      const text = body.toString('utf8');
      try {
        JSON.parse(text);
      } catch {
        return reply.code(400).send({ error: 'the body is not JSON' });
      }
      const id = uuidv7();
      const eventId = String(request.headers['webhook-id'] || id).slice(0, 300);
      await inTenant(tenantId, 'ref_insert_webhook', INSERT_WEBHOOK, [tenantId, id, eventId, text]);
      return reply.code(202).send();
    });
  });

  app.setErrorHandler((err, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      console.error('reference: request failed:', err.message);
    }
    reply.code(status).send({ error: status === 500 ? 'internal error' : err.message });
  });

  await app.listen({ port: config.port, host: config.host });
  console.log(`reference server listening on ${config.host}:${config.port} (pool ${config.poolSize}, role ${config.appRole})`);

  const stop = () => {
    app.close().then(() => pool.end()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error('reference: cannot start:', err.message);
  process.exit(1);
});
