"""Inter-coder agreement: coefficients, unitized alpha, units from codings, report, disagreements.

Pure numpy; no store. Every coefficient documents its formula and source, and returns `None`
with a note where it is undefined (0/0), never an invented 0 or 1.
"""

from themecoder.core.agreement.alpha import Alpha, coincidence_matrix, krippendorff_alpha
from themecoder.core.agreement.coefficients import (
    Agreement,
    CategoryKappa,
    FleissKappa,
    cohen_kappa,
    cohen_kappa_from_table,
    matrix_from_table,
    percent_agreement,
    scott_pi,
)
from themecoder.core.agreement.columns import CodingTable, SegmentTable
from themecoder.core.agreement.disagreements import Disagreement, disagreements
from themecoder.core.agreement.matrices import build_unit_matrices
from themecoder.core.agreement.multirater import brennan_prediger, fleiss_kappa, gwet_ac1
from themecoder.core.agreement.report import AgreementReport, CodeAgreement, agreement_report
from themecoder.core.agreement.spans import intersect_spans, union_spans
from themecoder.core.agreement.ualpha import CoincidenceUAlpha, coincidence_u_alpha
from themecoder.core.agreement.unitized import (
    Continuum,
    UnitizedAlpha,
    alpha_u,
    category_alpha_u,
    pooled_alpha_u,
)
from themecoder.core.agreement.units import UNITS, UnitMatrix

__all__ = [
    "UNITS",
    "Agreement",
    "AgreementReport",
    "Alpha",
    "CategoryKappa",
    "CodeAgreement",
    "CodingTable",
    "CoincidenceUAlpha",
    "Continuum",
    "Disagreement",
    "FleissKappa",
    "SegmentTable",
    "UnitMatrix",
    "UnitizedAlpha",
    "agreement_report",
    "alpha_u",
    "brennan_prediger",
    "build_unit_matrices",
    "category_alpha_u",
    "cohen_kappa",
    "cohen_kappa_from_table",
    "coincidence_matrix",
    "coincidence_u_alpha",
    "disagreements",
    "fleiss_kappa",
    "gwet_ac1",
    "intersect_spans",
    "krippendorff_alpha",
    "matrix_from_table",
    "percent_agreement",
    "pooled_alpha_u",
    "scott_pi",
    "union_spans",
]
