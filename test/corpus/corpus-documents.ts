/**
 * Real OpenAPI documents, as their APIs publish them on npm (exact-pinned devDependencies), that
 * pers-mock serves and then checks with its own contract runner. The runner against the mock on
 * the same document must find nothing: any failure is a defect in one of them.
 */
export interface CorpusDocument {
  name: string;
  /** Under node_modules/. */
  file: string;
  /**
   * The document documents no JSON response body, so the response judge has nothing to judge
   * (and checks that it indeed judged nothing).
   */
  noJsonResponses?: true;
  /**
   * Answers (`METHOD template → status`) the independent judge is known to refuse, each explained
   * in docs/corpus.md; the judge must refuse nothing else. Some depend on the generated value, so
   * they are not required to be refused on every run.
   */
  knownJudgeProblems?: string[];
  /**
   * The document has no operations (only webhooks): the run judges nothing and ends `NOTHING
   * CHECKED` (exit 2), as any such run does.
   */
  noOperations?: true;
}

/** GitHub's two error `oneOf`s whose branches accept the same objects: see docs/corpus.md. */
const GITHUB_JUDGE_PROBLEMS = [
  'PUT /repos/{owner}/{repo}/contents/{path} → 409',
  'POST /repos/{owner}/{repo}/git/blobs → 422',
];

/**
 * readme-legacy's errors: every 401, and three 400s, are a `oneOf` of error schemas that accept the
 * same values (see docs/corpus.md), so no body matches exactly one.
 */
const README_LEGACY_JUDGE_PROBLEMS = [
  ...['GET /', 'GET /api-specification', 'POST /api-specification', 'PUT /api-specification/{id}'],
  ...['DELETE /api-specification/{id}', 'GET /custompages', 'POST /custompages', 'GET /custompages/{slug}'],
  ...['PUT /custompages/{slug}', 'DELETE /custompages/{slug}', 'POST /docs', 'POST /docs/search'],
  ...['GET /docs/{slug}', 'PUT /docs/{slug}', 'DELETE /docs/{slug}', 'GET /docs/{slug}/production'],
  ...['GET /version', 'POST /version', 'GET /version/{versionId}', 'PUT /version/{versionId}'],
  'DELETE /version/{versionId}',
]
  .map((operation) => `${operation} → 401`)
  .concat(['POST /api-specification', 'PUT /api-specification/{id}', 'POST /version'].map((op) => `${op} → 400`));

export const CORPUS: CorpusDocument[] = [
  {
    name: 'oas-examples 2.0 api-with-examples (@readme/oas-examples)',
    file: '@readme/oas-examples/2.0/json/api-with-examples.json',
  },
  {
    name: 'oas-examples 2.0 petstore-expanded (@readme/oas-examples)',
    file: '@readme/oas-examples/2.0/json/petstore-expanded.json',
  },
  {
    name: 'oas-examples 2.0 petstore-minimal (@readme/oas-examples)',
    file: '@readme/oas-examples/2.0/json/petstore-minimal.json',
  },
  {
    name: 'oas-examples 2.0 petstore-simple (@readme/oas-examples)',
    file: '@readme/oas-examples/2.0/json/petstore-simple.json',
  },
  {
    name: 'oas-examples 2.0 petstore-with-external-docs (@readme/oas-examples)',
    file: '@readme/oas-examples/2.0/json/petstore-with-external-docs.json',
  },
  { name: 'oas-examples 2.0 petstore (@readme/oas-examples)', file: '@readme/oas-examples/2.0/json/petstore.json' },
  {
    name: 'oas-examples 2.0 schema-circular (@readme/oas-examples)',
    file: '@readme/oas-examples/2.0/json/schema-circular.json',
    noJsonResponses: true,
  },
  { name: 'Swagger Petstore (@readme/oas-examples)', file: '@readme/oas-examples/3.0/json/petstore.json' },
  { name: 'oas-examples 3.0 callbacks (@readme/oas-examples)', file: '@readme/oas-examples/3.0/json/callbacks.json' },
  { name: 'oas-examples 3.0 circular (@readme/oas-examples)', file: '@readme/oas-examples/3.0/json/circular.json' },
  {
    name: 'oas-examples 3.0 circular-paths (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/circular-paths.json',
  },
  {
    name: 'oas-examples 3.0 circular-request-bodies (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/circular-request-bodies.json',
    // A TreeNode requires its parent, itself a TreeNode: no finite body is valid (docs/corpus.md).
    knownJudgeProblems: ['POST /direct → 200'],
  },
  {
    name: 'oas-examples 3.0 complex-nesting (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/complex-nesting.json',
  },
  {
    name: 'oas-examples 3.0 discriminators (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/discriminators.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 file-uploads (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/file-uploads.json',
    noJsonResponses: true,
  },
  { name: 'oas-examples 3.0 form-data (@readme/oas-examples)', file: '@readme/oas-examples/3.0/json/form-data.json' },
  {
    name: 'oas-examples 3.0 http-status-codes (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/http-status-codes.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 link-example (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/link-example.json',
  },
  {
    name: 'oas-examples 3.0 parameters-common (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/parameters-common.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 parameters-cookies (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/parameters-cookies.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 parameters-extreme (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/parameters-extreme.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 parameters-style (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/parameters-style.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 petstore-expanded (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/petstore-expanded.json',
  },
  {
    name: 'oas-examples 3.0 petstore-simple-no-tags (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/petstore-simple-no-tags.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 petstore-simple (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/petstore-simple.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 polymorphism (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/polymorphism.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 readme-extensions (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/readme-extensions.json',
  },
  {
    name: 'oas-examples 3.0 readme-legacy (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/readme-legacy.json',
    knownJudgeProblems: README_LEGACY_JUDGE_PROBLEMS,
  },
  {
    name: 'oas-examples 3.0 request-examples (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/request-examples.json',
  },
  {
    name: 'oas-examples 3.0 response-empty-examples (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/response-empty-examples.json',
  },
  {
    name: 'oas-examples 3.0 response-examples (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/response-examples.json',
  },
  {
    name: 'oas-examples 3.0 response-http-behavior (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/response-http-behavior.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 response-multiple-mediatypes (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/response-multiple-mediatypes.json',
  },
  {
    name: 'oas-examples 3.0 response-schemas (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/response-schemas.json',
  },
  {
    name: 'oas-examples 3.0 schema-additional-properties (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/schema-additional-properties.json',
  },
  {
    name: 'oas-examples 3.0 schema-circular (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/schema-circular.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 schema-deprecated (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/schema-deprecated.json',
  },
  {
    name: 'oas-examples 3.0 schema-encoding-style (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/schema-encoding-style.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 schema-enums (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/schema-enums.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 schema-types (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/schema-types.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 schema-validation (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/schema-validation.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 schema-visibility (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/schema-visibility.json',
  },
  {
    name: 'oas-examples 3.0 security-multiple (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/security-multiple.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 security (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/security.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 server-path-level (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/server-path-level.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.0 server-variables (@readme/oas-examples)',
    file: '@readme/oas-examples/3.0/json/server-variables.json',
    noJsonResponses: true,
  },
  { name: 'oas-examples 3.0 star-trek (@readme/oas-examples)', file: '@readme/oas-examples/3.0/json/star-trek.json' },
  { name: 'oas-examples 3.0 uspto (@readme/oas-examples)', file: '@readme/oas-examples/3.0/json/uspto.json' },
  {
    name: 'oas-examples 3.1 parameters-style (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/parameters-style.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.1 petstore-simple (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/petstore-simple.json',
    noJsonResponses: true,
  },
  { name: 'oas-examples 3.1 petstore (@readme/oas-examples)', file: '@readme/oas-examples/3.1/json/petstore.json' },
  {
    name: 'oas-examples 3.1 readme (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/readme.json',
  },
  {
    name: 'oas-examples 3.1 readme-extensions (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/readme-extensions.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.1 schema-encoding-style (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/schema-encoding-style.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.1 schema-types (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/schema-types.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.1 schema-validation-local (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/schema-validation-local.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.1 schema-validation-top-level (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/schema-validation-top-level.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.1 security (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/security.json',
    noJsonResponses: true,
  },
  {
    name: 'oas-examples 3.1 train-travel (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/train-travel.json',
  },
  {
    name: 'oas-examples 3.1 webhooks (@readme/oas-examples)',
    file: '@readme/oas-examples/3.1/json/webhooks.json',
    noJsonResponses: true,
    noOperations: true,
  },
  { name: 'Decentraland catalyst (@dcl/catalyst-api-specs)', file: '@dcl/catalyst-api-specs/lib/api.yaml' },
  { name: 'Redo (@redotech/redo-api-schema)', file: '@redotech/redo-api-schema/lib/openapi.yaml' },
  { name: 'Blockfrost (@blockfrost/openapi)', file: '@blockfrost/openapi/openapi.yaml' },
  { name: 'rclone (rclone-openapi)', file: 'rclone-openapi/openapi.yaml' },
  { name: 'Ideal Postcodes (@ideal-postcodes/openapi)', file: '@ideal-postcodes/openapi/dist/openapi.yaml' },
  { name: 'Neon (@neondatabase/api-client)', file: '@neondatabase/api-client/public-v2-for-users.gen.yaml' },
  { name: 'Dialogporten (@digdir/dialogporten-schema)', file: '@digdir/dialogporten-schema/swagger.verified.json' },
  { name: 'Directus (@directus/specs)', file: '@directus/specs/dist/openapi.json' },
  { name: 'Bandwidth (bandwidth-sdk)', file: 'bandwidth-sdk/bandwidth.yml' },
  { name: 'Figma (@figma/rest-api-spec)', file: '@figma/rest-api-spec/openapi/openapi.yaml' },
  {
    name: 'authentik (@goauthentik/api)',
    file: '@goauthentik/api/schema.yml',
    // The flow executor's challenge: a oneOf of 30 stages that five open branches all accept (docs/corpus.md).
    knownJudgeProblems: ['GET /flows/executor/{flow_slug}/ → 200', 'POST /flows/executor/{flow_slug}/ → 200'],
  },
  {
    name: 'GitHub (@octokit/openapi)',
    file: '@octokit/openapi/generated/api.github.com.json',
    knownJudgeProblems: GITHUB_JUDGE_PROBLEMS,
  },
];
