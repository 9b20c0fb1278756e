"""Properties that hold for any input (hypothesis)."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from kg.model.iri import document_iri, org_iri
from kg.normalize import fold
from kg.parse import parse_text
from kg.parse.numerals import cn_to_int, int_to_cn

# Text in the genre's alphabet: Chinese, markers, digits, punctuation, line breaks and spaces.
GENRE = "一二三四五六七八九十〇（）()、。，；：“”《》〔〕号年月日关于印发通知要点附件抄送政府办公室文件各部门市区县"
ALPHABET = st.sampled_from(
    list(GENRE + string.digits + " \n\t\f-—") + ["\n一、", "\n（一）", "\n1.", "\n附件\n", "\n抄送："]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(ALPHABET, max_size=300).map("".join)))
def test_parse_raises_only_its_own_errors(text: str) -> None:
    try:
        result = parse_text(text)
    except KgError:
        return
    for doc in result.documents:
        doc.to_dict()


@given(st.text())
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(st.integers(min_value=1, max_value=999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert cn_to_int(int_to_cn(n)) == n


_CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6)


@given(
    st.tuples(
        st.sampled_from(["370683", "370116", None]), st.integers(1990, 2030), _CJK, st.integers(1, 999)
    ),
    st.tuples(
        st.sampled_from(["370683", "370116", None]), st.integers(1990, 2030), _CJK, st.integers(1, 999)
    ),
)
def test_document_iris_are_injective(a: tuple, b: tuple) -> None:
    def mint(k: tuple) -> str:
        return str(document_iri(code=k[0], year=k[1], prefix=k[2], seq=k[3], title=None, source="f", index=1))

    if a != b:
        assert mint(a) != mint(b)


@given(_CJK, _CJK)
def test_org_iris_are_injective(a: str, b: str) -> None:
    if a != b:
        assert org_iri(a, "370683") != org_iri(b, "370683")


def test_iris_are_ascii() -> None:
    iri = str(
        document_iri(code="370683", year=2023, prefix="莱政办发", seq=16, title=None, source="f", index=1)
    )
    assert iri.isascii() and " " not in iri
