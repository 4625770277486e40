// The benchmarks' GraphQL client: POST /graphql over kept-alive HTTP/1.1 connections.
//
// The client shares the machine's 2 cores with the server and PostgreSQL, so it is kept lean:
// global fetch (undici) spent about 0.4 of a core driving 700 requests/s here, mostly allocation
// and garbage collection; node:http with a keep-alive agent spends a fraction of that, and what the
// benchmarks then measure is the server.
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** `gql(query, variables?, token?)` → `data`; throws on HTTP or GraphQL errors. */
export function graphqlClient(baseUrl) {
  const url = new URL('/graphql', baseUrl);
  return (query, variables, token) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ query, variables });
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      if (token) headers.authorization = `Bearer ${token}`;
      const req = request({ hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          try {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (answer.errors) reject(new Error(`${query.slice(0, 60)}…: ${JSON.stringify(answer.errors[0])}`));
            else if (res.statusCode !== 200) reject(new Error(`${query.slice(0, 60)}…: HTTP ${res.statusCode}`));
            else resolve(answer.data);
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
}

/** A token for `username`. */
export async function signIn(gql, username, password) {
  return (await gql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: username, p: password }))
    .login.token;
}

/** A new user's first sign-in: the temporary password changed to `password`, then a token signed in with it. */
export async function firstSignIn(gql, username, temporaryPassword, password) {
  const first = await signIn(gql, username, temporaryPassword);
  await gql(
    'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { id } }',
    { c: temporaryPassword, n: password },
    first,
  );
  return signIn(gql, username, password);
}
