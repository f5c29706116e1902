"""Input and output shapes for translation work, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from referral.core.schemas import BaseSchema


class TaskRequestSchema(BaseSchema):
    target_lang = fields.String(required=True, validate=validate.Length(max=12))
    assignee = fields.UUID(required=True)
    due_on = fields.Date(load_default=None)
    note = fields.String(load_default=None, validate=validate.Length(max=2000))


class TranslationInputSchema(BaseSchema):
    source = fields.String(required=True, validate=validate.Length(max=200))
    text = fields.String(required=True, validate=validate.Length(min=1, max=20000))
    source_lang = fields.String(load_default=None, validate=validate.Length(max=12))
    translator = fields.String(load_default=None, validate=validate.Length(max=200))
    translator_org = fields.String(load_default=None, validate=validate.Length(max=200))
    translated_on = fields.Date(load_default=None)
    is_certified = fields.Boolean(load_default=False)
    certification_ref = fields.String(load_default=None, validate=validate.Length(max=200))

    @ma.validates_schema
    def _certified_needs_reference(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("is_certified") and not data.get("certification_ref"):
            raise ma.ValidationError(
                str(_l("Give the certification or sworn-translator reference.")),
                "certification_ref",
            )


class TranslationSchema(BaseSchema):
    id = fields.UUID(attribute="uuid", dump_only=True)
    source_lang = fields.String(dump_only=True)
    target_lang = fields.String(dump_only=True)
    text = fields.String(dump_only=True)
    translator = fields.String(dump_only=True)
    translator_org = fields.String(dump_only=True)
    translated_on = fields.Date(dump_only=True)
    is_certified = fields.Boolean(dump_only=True)
    certification_ref = fields.String(dump_only=True)


class SourceSchema(BaseSchema):
    key = fields.String(dump_only=True)
    label = fields.String(dump_only=True)
    text = fields.String(dump_only=True)
    lang = fields.String(dump_only=True)
    translation = fields.Nested(TranslationSchema, dump_only=True, allow_none=True)


class TaskSchema(BaseSchema):
    id = fields.UUID(attribute="uuid", dump_only=True)
    referral = fields.UUID(attribute="referral.uuid", dump_only=True)
    case_code = fields.String(attribute="case.case_code", dump_only=True)
    target_lang = fields.String(dump_only=True)
    status = fields.String(dump_only=True)
    due_on = fields.Date(dump_only=True)
    assignee = fields.String(attribute="assignee.display_name", dump_only=True)
    requesting_organisation = fields.String(attribute="requesting_org.name", dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class TaskDetailSchema(TaskSchema):
    note = fields.String(dump_only=True)
    sources = fields.Method(
        "_sources",
        dump_only=True,
        metadata={"type": "array", "items": {"type": "object"}},
    )

    def _sources(self, task: Any) -> list[dict[str, Any]]:
        """Each original the task covers, with its current translation into the task's language."""
        from referral.text_translations.operations import task_sources

        return SourceSchema(many=True).dump(
            [
                {
                    "key": source.key,
                    "label": str(source.label),
                    "text": source.text,
                    "lang": source.lang,
                    "translation": translation,
                }
                for source, translation in task_sources(task)
            ]
        )
