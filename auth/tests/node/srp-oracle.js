#!/usr/bin/env node
// The oracle of auth/tests/srp_differential.rs: amazon-cognito-identity-js itself, driven through
// its public classes (CognitoUser, AuthenticationHelper) the way a browser sign-in drives them,
// with three things replaced from outside so that its answers are repeatable:
//   - randomness: `crypto.getRandomValues` (what the library's WordArray draws from) hands out
//     the bytes each case supplies, in order, and a case fails if it draws more or fewer;
//   - the clock: `Date` without arguments is the case's instant;
//   - the network: the user pool's `client.request` answers InitiateAuth and
//     RespondToAuthChallenge with the case's SRP_B, SALT and SECRET_BLOCK and records what the
//     library sent.
// Intermediate values (u, x, S, the HKDF key) are read by wrapping AuthenticationHelper's own
// methods; they are observed, never changed.
//
// Usage: node srp-oracle.js NODE_MODULES_DIR < cases.json > results.json
// Input: {"cases": [...]}, output: {"results": [...]} in the same order (one per case).
'use strict';

const path = require('path');
const nodeCrypto = require('crypto');

const modules = process.argv[2];
if (!modules) {
  console.error('usage: srp-oracle.js NODE_MODULES_DIR < cases.json');
  process.exit(2);
}

// Random bytes queued by the case being run. The library draws 32-bit words and writes each
// word's bytes most significant first, so a word is the next four queued bytes, big-endian.
let queue = [];
const fakeCrypto = {
  getRandomValues(array) {
    if (!(array instanceof Uint32Array)) {
      throw new Error('oracle: unexpected getRandomValues array type');
    }
    for (let i = 0; i < array.length; i++) {
      if (queue.length < 4) {
        throw new Error('oracle: the library drew more random bytes than the case supplied');
      }
      const [b0, b1, b2, b3] = queue.splice(0, 4);
      array[i] = ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
    }
    return array;
  },
};
// Installed before the library loads: its random module captures `global.crypto` at load time.
Object.defineProperty(globalThis, 'crypto', {
  value: fakeCrypto,
  configurable: true,
  writable: true,
  enumerable: true,
});

const RealDate = Date;
let nowMs = 0;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(nowMs);
    else super(...args);
  }
  static now() {
    return nowMs;
  }
};

const lib = require(path.join(modules, 'amazon-cognito-identity-js'));
const { AuthenticationHelper, AuthenticationDetails, CognitoUser, CognitoUserPool } = lib;

// Observed intermediate values of the case being run.
let seen = {};
const proto = AuthenticationHelper.prototype;
const calculateS = proto.calculateS;
proto.calculateS = function (xValue, serverBValue, callback) {
  seen.x = this.padHex(xValue);
  return calculateS.call(this, xValue, serverBValue, (err, sValue) => {
    if (!err) seen.s = this.padHex(sValue);
    callback(err, sValue);
  });
};
const computehkdf = proto.computehkdf;
proto.computehkdf = function (ikm, salt) {
  const key = computehkdf.call(this, ikm, salt);
  seen.u = this.padHex(this.UValue);
  seen.key = Buffer.from(key).toString('hex');
  return key;
};

function hexBytes(hex) {
  return [...Buffer.from(hex, 'hex')];
}

function memoryStorage() {
  const items = new Map();
  return {
    setItem: (k, v) => items.set(k, String(v)),
    getItem: k => (items.has(k) ? items.get(k) : null),
    removeItem: k => items.delete(k),
    clear: () => items.clear(),
  };
}

function pool(poolId, storage) {
  return new CognitoUserPool({ UserPoolId: poolId, ClientId: 'oracleclient', Storage: storage });
}

// A failure the library reports or throws, as the test compares it: its message.
function failure(err) {
  return { error: String((err && err.message) || err) };
}

// USER_SRP_AUTH: InitiateAuth, then the PASSWORD_VERIFIER answer.
function userCase(c) {
  const storage = memoryStorage();
  const userPool = pool(c.pool_id, storage);
  const sent = {};
  let done = null;
  userPool.client = {
    request(operation, params, callback) {
      if (operation === 'InitiateAuth') {
        sent.srp_a = params.AuthParameters.SRP_A;
        return callback(null, {
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: {
            USER_ID_FOR_SRP: c.user_id_for_srp,
            SRP_B: c.srp_b,
            SALT: c.salt,
            SECRET_BLOCK: c.secret_block,
          },
          Session: 'session',
        });
      }
      if (operation === 'RespondToAuthChallenge') {
        const r = params.ChallengeResponses;
        done = {
          srp_a: sent.srp_a,
          username: r.USERNAME,
          secret_block: r.PASSWORD_CLAIM_SECRET_BLOCK,
          timestamp: r.TIMESTAMP,
          signature: r.PASSWORD_CLAIM_SIGNATURE,
        };
        return callback({ code: 'OracleStop', message: 'stop' }, null);
      }
      throw new Error(`oracle: unexpected ${operation}`);
    },
  };
  const user = new CognitoUser({ Username: c.username, Pool: userPool, Storage: storage });
  const details = new AuthenticationDetails({ Username: c.username, Password: c.password });
  let failed = null;
  user.authenticateUser(details, {
    onSuccess: () => {},
    onFailure: err => {
      if (!err || err.code !== 'OracleStop') failed = err;
    },
  });
  if (failed) return failure(failed);
  if (!done) throw new Error('oracle: the sign-in did not reach RespondToAuthChallenge');
  return done;
}

// DEVICE_SRP_AUTH: the remembered device's SRP, as CognitoUser runs it after the user's.
function deviceCase(c) {
  const storage = memoryStorage();
  const userPool = pool(c.pool_id, storage);
  let done = null;
  let srpA = null;
  userPool.client = {
    request(operation, params, callback) {
      if (operation !== 'RespondToAuthChallenge') throw new Error(`oracle: unexpected ${operation}`);
      const r = params.ChallengeResponses;
      if (params.ChallengeName === 'DEVICE_SRP_AUTH') {
        srpA = r.SRP_A;
        return callback(null, {
          ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
          ChallengeParameters: { SRP_B: c.srp_b, SALT: c.salt, SECRET_BLOCK: c.secret_block },
          Session: 'session',
        });
      }
      done = {
        srp_a: srpA,
        username: r.USERNAME,
        device_key: r.DEVICE_KEY,
        secret_block: r.PASSWORD_CLAIM_SECRET_BLOCK,
        timestamp: r.TIMESTAMP,
        signature: r.PASSWORD_CLAIM_SIGNATURE,
      };
      return callback({ code: 'OracleStop', message: 'stop' }, null);
    },
  };
  const user = new CognitoUser({ Username: c.username, Pool: userPool, Storage: storage });
  user.deviceKey = c.device_key;
  user.deviceGroupKey = c.device_group_key;
  user.randomPassword = c.device_password;
  let failed = null;
  user.getDeviceResponse({
    onSuccess: () => {},
    onFailure: err => {
      if (!err || err.code !== 'OracleStop') failed = err;
    },
  });
  if (failed) return failure(failed);
  if (!done) throw new Error('oracle: device SRP did not reach DEVICE_PASSWORD_VERIFIER');
  return done;
}

// A new device after sign-in: generateHashDevice, then ConfirmDevice's verifier config, through
// CognitoUser's own handling of NewDeviceMetadata.
function deviceVerifierCase(c) {
  const storage = memoryStorage();
  const userPool = pool(c.pool_id, storage);
  let done = null;
  userPool.client = {
    request(operation, params, callback) {
      if (operation !== 'ConfirmDevice') throw new Error(`oracle: unexpected ${operation}`);
      done = {
        device_key: params.DeviceKey,
        salt: params.DeviceSecretVerifierConfig.Salt,
        password_verifier: params.DeviceSecretVerifierConfig.PasswordVerifier,
      };
      return callback({ code: 'OracleStop', message: 'stop' }, null);
    },
  };
  const user = new CognitoUser({ Username: 'device-owner', Pool: userPool, Storage: storage });
  const helper = new AuthenticationHelper(userPool.getUserPoolName());
  // An unsigned token whose payload is `{}`: the session needs one, the verifier does not.
  const token = 'e30.e30.sig';
  let failed = null;
  user.authenticateUserInternal(
    {
      AuthenticationResult: {
        IdToken: token,
        AccessToken: token,
        RefreshToken: 'refresh',
        NewDeviceMetadata: { DeviceGroupKey: c.device_group_key, DeviceKey: c.device_key },
      },
    },
    helper,
    {
      onSuccess: () => {},
      onFailure: err => {
        if (!err || err.code !== 'OracleStop') failed = err;
      },
    }
  );
  if (failed) return failure(failed);
  if (!done) throw new Error('oracle: the sign-in did not reach ConfirmDevice');
  done.device_password = helper.getRandomPassword();
  return done;
}

// SECRET_HASH is not computed by amazon-cognito-identity-js (it supports no client secrets):
// this is node's own HMAC over the formula AWS documents, a second implementation to compare.
function secretHashCase(c) {
  const mac = nodeCrypto.createHmac('sha256', Buffer.from(c.client_secret, 'utf8'));
  mac.update(Buffer.from(c.username + c.client_id, 'utf8'));
  return { secret_hash: mac.digest('base64') };
}

// DateHelper's "ddd MMM D HH:mm:ss UTC YYYY" for an instant.
function timestampCase(c) {
  nowMs = c.unix_seconds * 1000;
  return { timestamp: new lib.DateHelper().getNowString() };
}

// The speed figure: the client math of `iterations` whole sign-ins (A, then S, the key and
// the signature for B), each on the same inputs, timed inside Node (start-up excluded).
function benchCase(c) {
  const one = Object.assign({}, c.sign_in, { kind: 'user' });
  const random = one.random.flatMap(hexBytes);
  const time = n => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      queue = random.slice();
      userCase(one);
    }
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  time(c.warmup);
  const total = time(c.iterations);
  seen = {};
  return { iterations: c.iterations, total_ms: total };
}

const kinds = {
  user: userCase,
  device: deviceCase,
  device_verifier: deviceVerifierCase,
  secret_hash: secretHashCase,
  timestamp: timestampCase,
  bench: benchCase,
};

function run(c) {
  const kind = kinds[c.kind];
  if (!kind) throw new Error(`oracle: unknown case kind ${c.kind}`);
  queue = (c.random || []).flatMap(hexBytes);
  nowMs = (c.unix_seconds || 0) * 1000;
  seen = {};
  let result;
  try {
    result = kind(c);
  } catch (err) {
    // Thrown by the library (e.g. "B cannot be zero."), unlike the oracle's own faults.
    if (String(err && err.message).startsWith('oracle:')) throw err;
    result = failure(err);
  }
  if (!result.error && queue.length !== 0) {
    throw new Error(`oracle: ${queue.length} supplied random bytes were not drawn`);
  }
  return Object.assign({}, seen, result);
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', d => (input += d));
process.stdin.on('end', () => {
  const { cases } = JSON.parse(input);
  const results = cases.map(run);
  process.stdout.write(JSON.stringify({ results }));
});
