// 接口文档 (/api/docs): starts the Scalar API reference (window.Scalar, from /api/docs/scalar.js) on the app's own
// OpenAPI document. Everything is served by this app: no CDN, no web fonts from elsewhere, no telemetry.
const app = document.getElementById('app');
if (app && window.Scalar) {
    window.Scalar.createApiReference(app, {
        url: app.dataset.openapi,
        withDefaultFonts: false,
        hideClientButton: true,
        showDeveloperTools: 'never',
        telemetry: false,
        // The reference's own labels in Chinese; no “Ask AI” (it would send the document to a service elsewhere).
        localization: { locale: 'zh-CN' },
        agent: { disabled: true },
        mcp: { disabled: true },
        defaultOpenAllTags: false,
        hideModels: false,
        persistAuth: false,
        baseServerURL: window.location.origin,
    });
}
