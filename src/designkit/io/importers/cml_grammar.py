"""A lark grammar of Context Mapper's CML: the parts designkit reads, and room for the rest.

Context maps with their relationships (arrow and keyword notations, roles),
bounded contexts with their settings, aggregates and entities (attributes,
references, operations), domains and subdomains. Any other block (modules,
services, repositories, enums, user stories, ...) is read by a generic rule
that keeps braces balanced, so a file using more of CML still parses.
"""

from __future__ import annotations

__all__ = ["GRAMMAR"]

GRAMMAR = r"""
start: _element*

_element: context_map | bounded_context | domain | generic_block | import_stmt

import_stmt: "import" STRING

context_map.5: "ContextMap" NAME? "{" _map_item* "}"
_map_item: setting | contains | relationship
contains: "contains" NAME ("," NAME)*
relationship: rel_name? NAME roles? ARROW roles? NAME rel_label? body?
            | rel_name? NAME REL_KEYWORD NAME rel_label? body?
rel_name: NAME "@"
rel_label: ":" NAME
roles: "[" ROLE ("," ROLE)* "]"
ROLE: "U" | "D" | "S" | "C" | "OHS" | "PL" | "ACL" | "CF" | "SK" | "P"
ARROW: "<->" | "->" | "<-"
REL_KEYWORD: "Shared-Kernel" | "Partnership" | "Customer-Supplier" | "Supplier-Customer"
           | "Upstream-Downstream" | "Downstream-Upstream"
body: "{" (setting | generic_block)* "}"

bounded_context.5: "BoundedContext" NAME _bc_clause* ("{" _bc_item* "}")?
_bc_clause: implements | refines | realizes
implements: "implements" NAME ("," NAME)*
refines: "refines" NAME
realizes: "realizes" NAME ("," NAME)*
_bc_item: setting | aggregate | generic_block

domain.5: "Domain" NAME ("{" _domain_item* "}")?
_domain_item: setting | subdomain | generic_block
subdomain.5: "Subdomain" NAME ("supports" NAME ("," NAME)*)? ("{" _subdomain_item* "}")?
_subdomain_item: setting | entity | generic_block

aggregate.5: "Aggregate" NAME ("{" _aggregate_item* "}")?
_aggregate_item: setting | entity | generic_block | FLAG
entity.5: ENTITY_KIND NAME ("extends" NAME)? ("{" _entity_item* "}")?
ENTITY_KIND: "Entity" | "ValueObject" | "DomainEvent" | "CommandEvent" | "DataTransferObject"
_entity_item: ROOT | attribute | reference | operation | setting
ROOT: "aggregateRoot"
attribute: type NAME FLAG*
reference: "-" type NAME FLAG*
operation: ("def" | "*") OPERATION_REST
OPERATION_REST: /[^;{}]+;/
type: NAME ("<" type ("," type)* ">")?

setting: NAME "=" _value ("," _value)*
_value: STRING | NAME | NUMBER | SIGNED_NUMBER
FLAG: "key" | "nullable" | "required" | "unique" | "transient" | "!changeable" | "changeable"
    | "aggregateLifecycle" | "useIdSuffix" | "hint" | "cache" | "gap" | "nogap"

generic_block.-5: NAME+ "{" _generic* "}"
_generic: generic_block | /[^{}\s]+/

NAME: /[A-Za-z_][A-Za-z0-9_]*/
STRING: /"([^"\\]|\\.)*"/
%import common.NUMBER
%import common.SIGNED_NUMBER
%import common.WS
%ignore WS
COMMENT: /\/\/[^\n]*/ | /\/\*(.|\n)*?\*\//
%ignore COMMENT
"""
