//! The `/api/` routes. Each handler parses its parameters, runs one library call on a pooled
//! connection and answers JSON; the OpenAPI document is generated from the same handlers.

mod analysis;
mod events;
mod ingest;
mod misc;

use crate::error::ErrorBody;
use crate::known::{refuse_unknown, KnownParams};
use crate::state::AppState;
use axum::Router;
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Vigil API",
        description = "Coded political events with their evidence; the same filters as the vigil CLI."
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Declares the `bearer` scheme that `POST /api/ingest` names.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let scheme =
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", scheme);
    }
}

fn routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(events::list))
        .routes(routes!(events::one))
        .routes(routes!(misc::document))
        .routes(routes!(misc::search))
        .routes(routes!(misc::health))
        .routes(routes!(analysis::timeline))
        .routes(routes!(analysis::dyads))
        .routes(routes!(analysis::network))
        .routes(routes!(analysis::alerts))
        .routes(routes!(analysis::contradictions))
        .routes(routes!(ingest::ingest))
        .routes(routes!(ingest::stream))
}

/// The API router (state still to be supplied) and its OpenAPI document.
pub fn router(state: Arc<AppState>) -> (Router<Arc<AppState>>, utoipa::openapi::OpenApi) {
    let (router, doc) = routes().split_for_parts();
    let limit = state.config.max_body;
    let known = Arc::new(KnownParams::from_openapi(&doc));
    let router = router
        .route_layer(axum::middleware::from_fn_with_state(known, refuse_unknown))
        .layer(axum::extract::DefaultBodyLimit::max(limit));
    (router, doc)
}

/// The OpenAPI document alone.
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().split_for_parts().1
}
