import type { Check } from '../src/check.js';
import authBearerRetry from './auth/bearer-retry.js';
import authChallengeHeader from './auth/challenge-header.js';
import authCredentialsAcrossHosts from './auth/credentials-across-hosts.js';
import authOauthFallback from './auth/oauth-fallback.js';
import authRefreshTokenUse from './auth/refresh-token-use.js';
import authTokenExpiry from './auth/token-expiry.js';
import authTokenRefusalStatus from './auth/token-refusal-status.js';
import authTokenRequestScope from './auth/token-request-scope.js';
import authTokenResponse from './auth/token-response.js';
import captureBodyFidelity from './capture/body-fidelity.js';
import captureHarSchema from './capture/har-schema.js';
import captureTruncatedCapture from './capture/truncated-capture.js';
import captureUndecryptedTunnel from './capture/undecrypted-tunnel.js';
import captureWireHeaders from './capture/wire-headers.js';
import discoveryReferrersClientFilter from './discovery/referrers-client-filter.js';
import discoveryReferrersFallback from './discovery/referrers-fallback.js';
import discoveryReferrersFilter from './discovery/referrers-filter.js';
import discoveryReferrersListed from './discovery/referrers-listed.js';
import discoveryReferrersResponse from './discovery/referrers-response.js';
import discoveryReferrersTagContent from './discovery/referrers-tag-content.js';
import discoveryTagsLastParam from './discovery/tags-last-param.js';
import discoveryTagsLastValue from './discovery/tags-last-value.js';
import discoveryTagsLinkFollowed from './discovery/tags-link-followed.js';
import discoveryTagsListResponse from './discovery/tags-list-response.js';
import generalApiVersionHeader from './general/api-version-header.js';
import generalEndpointFamilyComplete from './general/endpoint-family-complete.js';
import generalErrorBody from './general/error-body.js';
import generalErrorStatus from './general/error-status.js';
import generalMalformedDigestRefused from './general/malformed-digest-refused.js';
import generalRedirectFollowed from './general/redirect-followed.js';
import generalRetryAfter from './general/retry-after.js';
import generalV2SupportCheck from './general/v2-support-check.js';
import generalWarningHeader from './general/warning-header.js';
import managementDeleteResponse from './management/delete-response.js';
import managementDeletedContentGone from './management/deleted-content-gone.js';
import managementReferrersTagCleanup from './management/referrers-tag-cleanup.js';
import pullBlobDigestHeader from './pull/blob-digest-header.js';
import pullContentDigestMatch from './pull/content-digest-match.js';
import pullHeadGetAgree from './pull/head-get-agree.js';
import pullHeadResponse from './pull/head-response.js';
import pullManifestAccept from './pull/manifest-accept.js';
import pullManifestBody from './pull/manifest-body.js';
import pullManifestContentType from './pull/manifest-content-type.js';
import pullManifestDigestHeader from './pull/manifest-digest-header.js';
import pullNsParameterAccepted from './pull/ns-parameter-accepted.js';
import pullNsParameterHost from './pull/ns-parameter-host.js';
import pullPushedBytesServed from './pull/pushed-bytes-served.js';
import pullRangeResponse from './pull/range-response.js';
import pullReferenceGrammar from './pull/reference-grammar.js';
import pullStoredContentServed from './pull/stored-content-served.js';
import pullUnverifiedContentUsed from './pull/unverified-content-used.js';
import pushBlobDigestVerified from './push/blob-digest-verified.js';
import pushChunkContentRange from './push/chunk-content-range.js';
import pushChunkMinLength from './push/chunk-min-length.js';
import pushChunkMinLengthHeader from './push/chunk-min-length-header.js';
import pushChunkOutOfOrderRefused from './push/chunk-out-of-order-refused.js';
import pushChunkResponseRange from './push/chunk-response-range.js';
import pushChunkSessionOpen from './push/chunk-session-open.js';
import pushDescriptorSize from './push/descriptor-size.js';
import pushDigestAlgorithmParam from './push/digest-algorithm-param.js';
import pushManifestBody from './push/manifest-body.js';
import pushManifestChildrenFirst from './push/manifest-children-first.js';
import pushManifestContentType from './push/manifest-content-type.js';
import pushManifestPushResponse from './push/manifest-push-response.js';
import pushManifestPutDigest from './push/manifest-put-digest.js';
import pushManifestSize from './push/manifest-size.js';
import pushMountFrom from './push/mount-from.js';
import pushReferrersTagDescriptor from './push/referrers-tag-descriptor.js';
import pushReferrersTagFallback from './push/referrers-tag-fallback.js';
import pushReferrersTagUpdate from './push/referrers-tag-update.js';
import pushSinglePostDigest from './push/single-post-digest.js';
import pushStreamedUpload from './push/streamed-upload.js';
import pushSubjectMissingAccepted from './push/subject-missing-accepted.js';
import pushSubjectResponseHeader from './push/subject-response-header.js';
import pushTagParamResponse from './push/tag-param-response.js';
import pushUploadCloseDigest from './push/upload-close-digest.js';
import pushUploadCloseResponse from './push/upload-close-response.js';
import pushUploadLocationUsed from './push/upload-location-used.js';
import pushUploadSessionContinued from './push/upload-session-continued.js';
import pushUploadSessionLocation from './push/upload-session-location.js';
import pushUploadSessionUnique from './push/upload-session-unique.js';
import pushUploadStatusResponse from './push/upload-status-response.js';

/** Every check, sorted by id. A meta test fails when a checks/**.ts file is missing here. */
export const checks: readonly Check[] = [
  authBearerRetry,
  authChallengeHeader,
  authCredentialsAcrossHosts,
  authOauthFallback,
  authRefreshTokenUse,
  authTokenExpiry,
  authTokenRefusalStatus,
  authTokenRequestScope,
  authTokenResponse,
  captureBodyFidelity,
  captureHarSchema,
  captureTruncatedCapture,
  captureUndecryptedTunnel,
  captureWireHeaders,
  discoveryReferrersClientFilter,
  discoveryReferrersFallback,
  discoveryReferrersFilter,
  discoveryReferrersListed,
  discoveryReferrersResponse,
  discoveryReferrersTagContent,
  discoveryTagsLastParam,
  discoveryTagsLastValue,
  discoveryTagsLinkFollowed,
  discoveryTagsListResponse,
  generalApiVersionHeader,
  generalEndpointFamilyComplete,
  generalErrorBody,
  generalErrorStatus,
  generalMalformedDigestRefused,
  generalRedirectFollowed,
  generalRetryAfter,
  generalV2SupportCheck,
  generalWarningHeader,
  managementDeleteResponse,
  managementDeletedContentGone,
  managementReferrersTagCleanup,
  pullBlobDigestHeader,
  pullContentDigestMatch,
  pullHeadGetAgree,
  pullHeadResponse,
  pullManifestAccept,
  pullManifestBody,
  pullManifestContentType,
  pullManifestDigestHeader,
  pullNsParameterAccepted,
  pullNsParameterHost,
  pullPushedBytesServed,
  pullRangeResponse,
  pullReferenceGrammar,
  pullStoredContentServed,
  pullUnverifiedContentUsed,
  pushBlobDigestVerified,
  pushChunkContentRange,
  pushChunkMinLength,
  pushChunkMinLengthHeader,
  pushChunkOutOfOrderRefused,
  pushChunkResponseRange,
  pushChunkSessionOpen,
  pushDescriptorSize,
  pushDigestAlgorithmParam,
  pushManifestBody,
  pushManifestChildrenFirst,
  pushManifestContentType,
  pushManifestPushResponse,
  pushManifestPutDigest,
  pushManifestSize,
  pushMountFrom,
  pushReferrersTagDescriptor,
  pushReferrersTagFallback,
  pushReferrersTagUpdate,
  pushSinglePostDigest,
  pushStreamedUpload,
  pushSubjectMissingAccepted,
  pushSubjectResponseHeader,
  pushTagParamResponse,
  pushUploadCloseDigest,
  pushUploadCloseResponse,
  pushUploadLocationUsed,
  pushUploadSessionContinued,
  pushUploadSessionLocation,
  pushUploadSessionUnique,
  pushUploadStatusResponse,
];
