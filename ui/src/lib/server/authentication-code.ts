import { fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { ApiError, apiClient, apiErrorFrom } from './api';
import { tryAgainIn } from './retry-after';
import { keepSessionFrom } from './session-cookie';

type CodeAnswer = { accepted: Response } | { refusal: ActionFailure<{ message: string }> };

/**
 * Sends the authentication-code form's code to the API (`path`): its answer once the code is
 * accepted, or the refusal the form shows. An ended session goes to sign in again.
 * `invalidCodeStatus`: a wrong code refuses a sign-in (401) but is only a wrong input in a set-up (400).
 */
export async function submitAuthenticationCode(event: RequestEvent, path: string, invalidCodeStatus: 400 | 401): Promise<CodeAnswer> {
  const code = String((await event.request.formData()).get('code') ?? '').trim();
  if (!code) return { refusal: fail(400, { message: 'Enter the code from your authenticator app' }) };

  let response: Response;
  try {
    response = await apiClient(event).send('POST', path, { body: { code } });
  } catch (cause) {
    if (cause instanceof ApiError) return { refusal: fail(cause.status, { message: cause.message }) };
    throw cause;
  }
  if (!response.ok) {
    const problem = await apiErrorFrom(response);
    if (problem.code === 'invalid_code' || problem.code === 'invalid_input') {
      return { refusal: fail(invalidCodeStatus, { message: 'Invalid code' }) };
    }
    if (problem.status === 401) redirect(303, '/sign-in');
    if (problem.status === 429) {
      return { refusal: fail(429, { message: `Too many attempts. ${tryAgainIn(response) ?? problem.message}` }) };
    }
    return { refusal: fail(problem.status, { message: problem.message }) };
  }
  // The API may start a fresh session once both factors are in.
  keepSessionFrom(response, event.cookies);
  return { accepted: response };
}
