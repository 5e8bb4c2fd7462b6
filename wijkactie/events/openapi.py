"""The OpenAPI 3.1 description served at /api/v1/openapi.json."""

_STR = {"type": "string"}
_INT = {"type": "integer"}
_ERROR = {
    "description": "Foutmelding",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_AUTH = [{"token": []}]

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "wijkactie API",
        "version": "1",
        "description": (
            "Bijeenkomsten van 'Werken aan leefbare wijken': programma, plaatsen en aanmelden. "
            "Openbare endpoints zijn per IP-adres begrensd (429 bij overschrijding). "
            "Beheer-endpoints vragen 'Authorization: Token <sleutel>' "
            "(maak een sleutel met `python -m wijkactie create_api_token GEBRUIKER`)."
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "components": {
        "securitySchemes": {
            "token": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "Token <sleutel>",
            }
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["detail"],
                "properties": {
                    "detail": _STR,
                    "errors": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": _STR},
                    },
                },
            },
            "Part": {
                "type": "object",
                "properties": {
                    "starts_at": _STR,
                    "ends_at": _STR,
                    "kind": {"enum": ["session", "break"]},
                    "label": _STR,
                    "title": _STR,
                    "speakers": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"name": _STR, "organisation": _STR, "topic": _STR},
                        },
                    },
                },
            },
            "Event": {
                "type": "object",
                "required": ["slug", "title", "starts_at", "ends_at", "capacity", "status"],
                "properties": {
                    "slug": _STR,
                    "title": _STR,
                    "programme_name": _STR,
                    "starts_at": {"type": "string", "format": "date-time"},
                    "ends_at": {"type": "string", "format": "date-time"},
                    "location_kind": {"enum": ["online", "physical"]},
                    "capacity": _INT,
                    "confirmed": _INT,
                    "offered": _INT,
                    "waiting": _INT,
                    "status": {"enum": ["open", "full", "closed"]},
                    "price_excl_vat": {"type": "string", "pattern": r"^\d+\.\d{2}$"},
                    "price_incl_vat": {"type": "string", "pattern": r"^\d+\.\d{2}$"},
                    "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
                },
            },
            "EventWrite": {
                "type": "object",
                "properties": {
                    "slug": _STR,
                    "title": _STR,
                    "starts_at": {"type": "string", "format": "date-time"},
                    "ends_at": {"type": "string", "format": "date-time"},
                    "capacity": {"type": "integer", "minimum": 0},
                    "price_excl_vat": {"type": "string"},
                    "location_kind": {"enum": ["online", "physical"]},
                    "join_url": {"type": "string", "format": "uri"},
                    "offer_hours": _INT,
                    "is_published": {"type": "boolean"},
                },
            },
            "RegistrationRequest": {
                "type": "object",
                "required": [
                    "first_name",
                    "last_name",
                    "email",
                    "organisation",
                    "role",
                    "attends_all_parts",
                    "accept_terms",
                ],
                "properties": {
                    "first_name": {"type": "string", "maxLength": 100},
                    "name_prefix": {"type": "string", "maxLength": 20},
                    "last_name": {"type": "string", "maxLength": 100},
                    "email": {"type": "string", "format": "email"},
                    "organisation": {"type": "string", "maxLength": 150},
                    "role": {
                        "enum": [
                            "gebiedsconsulent",
                            "sociaal_beheerder",
                            "huismeester",
                            "beleidsmedewerker",
                            "wijkteam",
                            "gemeente",
                            "anders",
                        ]
                    },
                    "attends_all_parts": {"type": "boolean"},
                    "accept_terms": {"type": "boolean"},
                    "auto_confirm_from_waitlist": {"type": "boolean"},
                    "billing_address": _STR,
                    "billing_reference": _STR,
                },
            },
            "RegistrationCreated": {
                "type": "object",
                "properties": {
                    "id": _INT,
                    "status": {"enum": ["confirmed", "waitlisted"]},
                    "waitlist_position": {"type": ["integer", "null"]},
                    "price_excl_vat": _STR,
                    "price_incl_vat": _STR,
                    "partner_check": {
                        "enum": ["", "pending"],
                        "description": (
                            "pending: a partner's name with an address outside its domains; "
                            "the list price applies until staff decide."
                        ),
                    },
                    "manage_url": {"type": "string", "format": "uri"},
                },
            },
        },
    },
    "paths": {
        "/initiatives.geojson": {
            "get": {
                "summary": "Bewonersinitiatieven als GeoJSON (voor de kaart)",
                "description": (
                    "Een FeatureCollection van de initiatieven met een plek die de vrager mag zien: "
                    "openbare voor iedereen; met een sessie ook die voor alle professionals en "
                    "die van de eigen organisatie. Dezelfde filters als de lijst."
                ),
                "parameters": [
                    {"name": name, "in": "query", "required": False, "schema": schema}
                    for name, schema in (
                        ("q", _STR),
                        ("municipality", _STR),
                        ("neighbourhood", _STR),
                        ("theme", {"type": "integer"}),
                        ("phase", {"type": "integer", "minimum": 1, "maximum": 5}),
                        ("status", {"type": "string", "enum": ["actief", "gepauzeerd", "gestopt"]}),
                        ("needs_support", {"type": "string", "enum": ["on"]}),
                    )
                ],
                "responses": {
                    "200": {
                        "description": (
                            "FeatureCollection; per feature een Point [lengtegraad, breedtegraad] "
                            "en properties name, phase, status, themes, url"
                        ),
                        "content": {"application/geo+json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
        "/events": {
            "get": {
                "summary": "Komende bijeenkomsten",
                "responses": {"200": {"description": "Lijst met bijeenkomsten"}},
            },
            "post": {
                "summary": "Bijeenkomst aanmaken (beheer)",
                "security": _AUTH,
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/EventWrite"}}
                    }
                },
                "responses": {"201": {"description": "Aangemaakt"}, "400": _ERROR, "401": _ERROR},
            },
        },
        "/events/{slug}": {
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": _STR}],
            "get": {
                "summary": "Eén bijeenkomst",
                "responses": {
                    "200": {
                        "description": "Bijeenkomst",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Event"}}
                        },
                    },
                    "404": _ERROR,
                },
            },
            "patch": {
                "summary": "Bijeenkomst wijzigen (beheer)",
                "security": _AUTH,
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/EventWrite"}}
                    }
                },
                "responses": {"200": {"description": "Gewijzigd"}, "400": _ERROR, "401": _ERROR},
            },
        },
        "/events/{slug}/registrations": {
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": _STR}],
            "post": {
                "summary": "Aanmelden (of op de wachtlijst als de bijeenkomst vol is)",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/RegistrationRequest"}
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Aangemeld",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/RegistrationCreated"}
                            }
                        },
                    },
                    "400": _ERROR,
                    "409": _ERROR,
                    "429": _ERROR,
                },
            },
            "get": {
                "summary": "Aanmeldingen met status en wachtlijstpositie (beheer)",
                "security": _AUTH,
                "responses": {"200": {"description": "Aanmeldingen"}, "401": _ERROR},
            },
        },
        "/registrations/{token}/cancel": {
            "parameters": [{"name": "token", "in": "path", "required": True, "schema": _STR}],
            "post": {
                "summary": "Afmelden met de persoonlijke link",
                "responses": {
                    "200": {"description": "Afgemeld"},
                    "404": _ERROR,
                    "409": _ERROR,
                },
            },
        },
    },
}
