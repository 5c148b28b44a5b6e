"""Drives the Evo Voice mock host with ServiceStack's own Python client (PyPI `servicestack`).

Usage: python3 python_client.py BASE_URL [SITE_PACKAGES]

SITE_PACKAGES (where `pip install --target` put the client) is appended to sys.path, after
the standard library, so the `dataclasses` backport the package pulls in never shadows the
real one. Prints `ok` and exits 0 when every check holds; an assertion error otherwise.
"""

import sys

if len(sys.argv) > 2:
    sys.path.append(sys.argv[2])

from dataclasses import dataclass, field
from typing import Dict, List, Optional

from dataclasses_json import LetterCase, Undefined, dataclass_json
from servicestack import IDelete, IGet, IPatch, IPost, IReturn, JsonServiceClient, WebServiceException


@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)
@dataclass
class SessionMemberInfo:
    identity: Optional[str] = None
    call_state: Optional[str] = None
    role: Optional[str] = None
    call_sid: Optional[str] = None
    application_data: Optional[Dict[str, str]] = None


@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)
@dataclass
class SessionInfo:
    id: Optional[str] = None
    display_name: Optional[str] = None
    channel: Optional[str] = None
    call_state: Optional[str] = None
    console_data: Optional[str] = None
    members: Optional[List[SessionMemberInfo]] = None


@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)
@dataclass
class CreateSession(IReturn[SessionInfo], IPost):
    display_name: Optional[str] = None
    channel: Optional[str] = None


@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)
@dataclass
class GetSession(IReturn[SessionInfo], IGet):
    session_id: Optional[str] = None


@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)
@dataclass
class InviteChatMember(IReturn[SessionInfo], IPost):
    session_id: Optional[str] = None
    member_to_add: Optional[str] = None
    caller_id: Optional[str] = None


@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)
@dataclass
class DeleteChatMember(IReturn[SessionInfo], IDelete):
    session_id: Optional[str] = None
    member_to_remove: Optional[str] = None


@dataclass_json(letter_case=LetterCase.CAMEL, undefined=Undefined.EXCLUDE)
@dataclass
class PatchSession(IReturn[SessionInfo], IPatch):
    session_id: Optional[str] = None
    console_data: Optional[str] = None
    call_state: Optional[str] = None


def identities(session):
    return [member.identity for member in session.members or []]


def main(base_url):
    client = JsonServiceClient(base_url)

    # The session routes, on the client's default `/api/{Name}` route.
    created = client.post(CreateSession(display_name="Python chat", channel="Chat"))
    assert created.id, created
    assert created.display_name == "Python chat", created
    assert created.channel == "Chat", created
    session_id = created.id

    invited = client.post(InviteChatMember(session_id=session_id, member_to_add="ann@example.com", caller_id="+15550100"))
    assert identities(invited) == ["ann@example.com"], invited
    assert invited.members[0].application_data == {"callerId": "+15550100"}, invited

    read = client.get(GetSession(session_id=session_id))
    assert read.id == session_id and identities(read) == ["ann@example.com"], read

    patched = client.send(PatchSession(session_id=session_id, console_data="from python"), "PATCH")
    assert patched.console_data == "from python", patched

    removed = client.delete(DeleteChatMember(session_id=session_id, member_to_remove="ann@example.com"))
    assert identities(removed) == [], removed

    # One batch: `POST /api/InviteChatMember[]`, answered by a list in order.
    answers = client.send_all([
        InviteChatMember(session_id=session_id, member_to_add="bob@example.com"),
        InviteChatMember(session_id=session_id, member_to_add="+15550111"),
    ])
    assert len(answers) == 2, answers
    assert identities(answers[0]) == ["bob@example.com"], answers
    assert identities(answers[1]) == ["bob@example.com", "+15550111"], answers

    # A 400 with field errors: the client's own exception shows our ResponseStatus.
    try:
        client.post(InviteChatMember())
        raise AssertionError("an empty invite was accepted")
    except WebServiceException as error:
        assert error.status_code == 400, error.status_code
        status = error.response_status
        assert status.error_code == "NotEmpty", status
        assert status.message == "'Session Id' must not be empty.", status
        fields = [(e.error_code, e.field_name, e.message) for e in status.errors]
        assert fields == [
            ("NotEmpty", "SessionId", "'Session Id' must not be empty."),
            ("NotEmpty", "MemberToAdd", "'Member To Add' must not be empty."),
        ], fields

    # A 404.
    try:
        client.get(GetSession(session_id="nope"))
        raise AssertionError("an unknown session was found")
    except WebServiceException as error:
        assert error.status_code == 404, error.status_code
        assert error.response_status.error_code == "NotFound", error.response_status
        assert error.response_status.message == "Session 'nope' not found", error.response_status
        assert error.response_status.errors == [], error.response_status

    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
