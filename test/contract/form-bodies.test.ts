import { describe, expect, it } from 'vitest';
import { formText, MULTIPART_BOUNDARY } from '../../src/contract/form-body.js';
import { ExchangeLog } from '../../src/contract/exchange-log.js';
import { servedDocument } from './helpers/served-document.js';

/** Operations that take only a form: a file upload (multipart) and a urlencoded login, both required. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: Forms, version: '1' }
paths:
  /files:
    post:
      operationId: uploadFile
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, name]
              properties:
                file: { type: string, format: binary }
                name: { type: string, minLength: 1 }
                tags: { type: array, items: { type: string } }
      responses: { '200': { description: OK, content: { application/json: { schema: { type: object } } } } }
  /login:
    post:
      operationId: login
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [user, remember]
              properties: { user: { type: string }, remember: { type: boolean } }
      responses: { '204': { description: signed in } }
`;

describe('formText', () => {
  it('writes a multipart body a part per field, an array as repeated parts and a binary property as a file', () => {
    const schema = { type: 'object', properties: { file: { type: 'string', format: 'binary' } } };
    const form = formText('multipart/form-data', schema, { file: 'abc', tags: ['a', 'b'], n: 2 });
    expect(form.contentType).toBe(`multipart/form-data; boundary=${MULTIPART_BOUNDARY}`);
    expect(form.text.split(`--${MULTIPART_BOUNDARY}`)).toEqual([
      '',
      '\r\nContent-Disposition: form-data; name="file"; filename="file.bin"\r\n' +
        'Content-Type: application/octet-stream\r\n\r\nabc\r\n',
      '\r\nContent-Disposition: form-data; name="tags"\r\n\r\na\r\n',
      '\r\nContent-Disposition: form-data; name="tags"\r\n\r\nb\r\n',
      '\r\nContent-Disposition: form-data; name="n"\r\n\r\n2\r\n',
      '--\r\n',
    ]);
  });

  it('writes a urlencoded body as name=value pairs', () => {
    const form = formText('application/x-www-form-urlencoded', {}, { user: 'a b', remember: true, ids: [1, 2] });
    expect(form).toEqual({
      contentType: 'application/x-www-form-urlencoded',
      text: 'user=a+b&remember=true&ids=1&ids=2',
    });
  });
});

describe('the runner on operations that take only a form', () => {
  const served = servedDocument('form-bodies', DOCUMENT);

  it('sends the required form as documented, and the mock accepts it', async () => {
    const log = new ExchangeLog();
    const result = await served.check({ log });
    expect(result.failures).toEqual([]);
    const positive = (operationId: string) =>
      log.entries().find((e) => e.comment === `${operationId}: generated valid request`)!;
    const upload = positive('uploadFile');
    expect(upload.request.headers['content-type']).toBe(`multipart/form-data; boundary=${MULTIPART_BOUNDARY}`);
    expect(upload.request.body).toContain('name="file"; filename="file.bin"');
    expect(upload.response?.status).toBe(200);
    const login = positive('login');
    expect(login.request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(login.request.body).toMatch(/^user=contract.*&remember=(true|false)$/);
    expect(login.response?.status).toBe(204);
  });
});
