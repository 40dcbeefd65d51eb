// Runs the API-only flow with the official berbix@2.0.0 SDK, unchanged, in its own process (it
// speaks HTTPS only and trusts the sandbox through NODE_EXTRA_CA_CERTS). Input on stdin, a JSON
// summary on stdout. Used by conformance.test.ts.
'use strict';
const { readFileSync } = require('node:fs');
const { Client, Tokens, EncodedImage, ImageUploadOpts } = require(process.env.BERBIX_SDK);

async function expectFailure(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function main() {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  const client = new Client({ apiSecret: input.secret, apiHost: input.url, httpClientOpts: { timeoutMs: 20000 } });
  const out = {};
  const tokens = await client.createApiOnlyTransaction({
    customerUid: 'conformance-1',
    templateKey: 'tpk_conformance',
    apiOnlyOpts: { idCountry: 'US', idType: 'DL' },
  });
  out.created = {
    access: tokens.accessToken.startsWith('sbx_at_'),
    client: tokens.clientToken.startsWith('sbx_ct_'),
    refresh: tokens.refreshToken.startsWith('sbx_rt_'),
    expiresIn: tokens.response.expires_in,
    firstStep: tokens.response.first_step,
  };
  out.front = await client.uploadImages(
    tokens,
    new ImageUploadOpts([new EncodedImage(input.front, 'document_front', 'image/jpeg')]),
  );
  out.back = await client.uploadImages(
    tokens,
    new ImageUploadOpts([
      new EncodedImage(input.back, 'document_back', 'image/jpeg', {
        extractedBarcode: { barcodeType: 'pdf417', extractedData: input.barcode },
      }),
    ]),
  );
  // IssueDetails instances serialise to {} when empty.
  out.front = JSON.parse(JSON.stringify(out.front));
  out.back = JSON.parse(JSON.stringify(out.back));
  out.fetched = await client.fetchTransaction(tokens);

  const refreshed = await client.refreshTokens(tokens);
  out.refreshed = {
    newAccess: refreshed.accessToken !== tokens.accessToken,
    sameTransaction: refreshed.transactionId === tokens.transactionId,
  };
  const lazy = Tokens.fromRefresh(tokens.refreshToken);
  out.lazyFetchCustomer = (await client.fetchTransaction(lazy)).customer_uid;

  const conflict = await expectFailure(
    client.uploadImages(tokens, new ImageUploadOpts([new EncodedImage(input.front, 'document_front', 'image/jpeg')])),
  );
  out.conflict = { status: conflict.status, nextStep: conflict.nextStep };

  out.override = await client.overrideTransaction(tokens, {
    responsePayload: 'us-dl',
    flags: ['id_under_21'],
    overrideFields: { given_name: 'CONFORMANCE' },
  });
  out.afterOverride = await client.fetchTransaction(tokens);
  out.updated = await client.updateTransaction(tokens, { action: 'review', note: 'conformance' });

  const scanTokens = await client.createApiOnlyTransaction({
    customerUid: 'conformance-2',
    templateKey: 'tpk_conformance',
    apiOnlyOpts: {},
  });
  out.idscan = JSON.parse(
    JSON.stringify(
      await client.uploadIdScan(scanTokens, { idScans: [{ scanType: 'pdf417', extractedData: input.barcode }] }),
    ),
  );

  out.deleted = await client.deleteTransaction(tokens);
  out.afterDelete = (await expectFailure(client.fetchTransaction(tokens))).status;

  const hosted = await client.createHostedTransaction({
    customerUid: 'conformance-3',
    templateKey: 'tpk_conformance',
    hostedOptions: { completionEmail: 'person@example.com' },
  });
  out.hostedUrl = hosted.hostedUrl;
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? JSON.stringify(error)}\n`);
  process.exit(1);
});
