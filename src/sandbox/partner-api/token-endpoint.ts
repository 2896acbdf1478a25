import type { TokenDetails } from './auth';
import { ApiError, invalidParameter } from './envelope';
import type { Route, RouteContext } from './routes';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** The documented form encodings; undici's Response parses both. */
async function readForm(ctx: RouteContext): Promise<FormData> {
  const contentType = ctx.headers['content-type'] ?? '';
  if (!FORM_TYPES.some((t) => contentType.toLowerCase().startsWith(t))) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      'Content-Type must be application/x-www-form-urlencoded or multipart/form-data',
    );
  }
  try {
    return await new Response(ctx.body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw invalidParameter('body', 'form', 'request body is not a valid form');
  }
}

function field(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function required(form: FormData, name: string): string {
  const value = field(form, name);
  if (value === undefined) throw invalidParameter(name, 'required', `${name} is required`);
  return value;
}

const badCredentials = () => new ApiError(401, 'unauthorized', 'client_id or client_secret is incorrect');

async function token(ctx: RouteContext): Promise<TokenDetails> {
  const form = await readForm(ctx);
  const grantType = required(form, 'grant_type');
  const { tokens } = ctx.state;
  if (grantType === 'pp_credentials') {
    if (!tokens.credentialsMatch(required(form, 'client_id'), required(form, 'client_secret'))) {
      throw badCredentials();
    }
    return tokens.issue();
  }
  if (grantType === 'refresh_token') {
    // Client credentials are optional here, but when sent they must be right.
    const clientId = field(form, 'client_id');
    const clientSecret = field(form, 'client_secret');
    if ((clientId || clientSecret) && !tokens.credentialsMatch(clientId ?? '', clientSecret ?? '')) {
      throw badCredentials();
    }
    return tokens.refresh(required(form, 'refresh_token'));
  }
  throw invalidParameter('grant_type', 'oneof', 'grant_type must be pp_credentials or refresh_token');
}

export const tokenRoutes: Route[] = [
  { method: 'POST', path: '/auth/openapi/v1/oauth/token', public: true, issuesTokens: true, handle: token },
];
