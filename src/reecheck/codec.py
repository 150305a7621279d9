"""Frozen dataclasses <-> marshal-ready tuples, derived from the classes' own fields and types.

A dataclass becomes the tuple of its fields in declaration order; Decimal and Path become text,
enums their value, and a field that may hold one of several dataclasses (a derive expression) is
tagged with the class's name. Nothing is hand-listed, so a field added to a class is carried
without a change here, and `schema()` changes with it, which is part of the cache's key. Each
class's encoder and decoder are written as one function from its field names and positions.
Decoding builds instances the way pickle does, without __init__, from data this codec wrote and
checked by checksum; nothing in it is ever run.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

Convert = Callable[[Any], Any]


def identity(value: Any) -> Any:
    return value


def encode(value: Any, kind: Any) -> Any:
    return encoder(kind)(value)


def decode(data: Any, kind: Any) -> Any:
    return decoder(kind)(data)


@cache
def encoder(kind: Any) -> Convert:
    if kind in (str, int, bool, float, type(None)):
        return identity
    if kind is Decimal:
        return str
    if kind is Path:
        # One text per path, so that marshal writes a file's path once and refers to it after.
        return cache_of(str)
    if issubclass_of_enum(kind):
        return lambda value: value.value
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return dataclass_encoder(kind)
    arguments = typing.get_args(kind)
    if typing.get_origin(kind) is tuple:
        return tuple_converter(arguments, encoder)
    if is_union(kind):
        return union_encoder(arguments)
    raise TypeError(f"cannot encode {kind!r}")


@cache
def decoder(kind: Any) -> Convert:
    if kind in (str, int, bool, float, type(None)):
        return identity
    if kind is Decimal or kind is Path or issubclass_of_enum(kind):
        return cache_of(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return dataclass_decoder(kind)
    arguments = typing.get_args(kind)
    if typing.get_origin(kind) is tuple:
        return tuple_converter(arguments, decoder)
    if is_union(kind):
        return union_decoder(arguments)
    raise TypeError(f"cannot decode {kind!r}")


class Converted(dict[Any, Any]):
    """Each distinct text converted once: numbers, paths and enums repeat across claims, and a
    dictionary's own lookup is the quickest converter there is. None stays None, so that an
    optional field needs no converter of its own."""

    def __init__(self, kind: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self.kind = kind

    def __missing__(self, text: Any) -> Any:
        made = self[text] = self.kind(text)
        return made


def cache_of(kind: Callable[[Any], Any]) -> Convert:
    return Converted(kind).__getitem__


def is_figure_part(kind: Any) -> bool:
    """Whether `kind` is text, a Decimal, an enum or None (or one of them): what a figure is made of."""
    if is_union(kind):
        return all(map(is_figure_part, typing.get_args(kind)))
    return kind in (str, Decimal, type(None)) or issubclass_of_enum(kind)


def issubclass_of_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Enum)


def is_union(kind: Any) -> bool:
    return typing.get_origin(kind) in (typing.Union, types.UnionType)


def tuple_converter(arguments: tuple[Any, ...], convert: Callable[[Any], Convert]) -> Convert:
    if len(arguments) == 2 and arguments[1] is Ellipsis:
        each = convert(arguments[0])
        if each is identity:
            return tuple
        return lambda values: tuple(map(each, values))
    parts = [convert(argument) for argument in arguments]
    return lambda values: tuple(part(value) for part, value in zip(parts, values, strict=True))


def options(arguments: tuple[Any, ...]) -> list[Any]:
    """A union's types but None: every union here may hold None, which is written as it is."""
    return [argument for argument in arguments if argument is not type(None)]


def union_encoder(arguments: tuple[Any, ...]) -> Convert:
    kinds = options(arguments)
    if len(kinds) == 1:
        only = encoder(kinds[0])
        return lambda value: None if value is None else only(value)
    return lambda value: None if value is None else (type(value).__name__, encode(value, type(value)))


def union_decoder(arguments: tuple[Any, ...]) -> Convert:
    kinds = options(arguments)
    if len(kinds) == 1:
        only = decoder(kinds[0])
        if only is identity or kinds[0] in (Decimal, Path) or issubclass_of_enum(kinds[0]):
            return only  # these pass None through
        return lambda data: None if data is None else only(data)
    by_name = {kind.__name__: kind for kind in kinds}
    return lambda data: None if data is None else decoder(by_name[data[0]])(data[1])


@cache
def field_types(kind: type) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(kind)
    return [(field.name, hints[field.name]) for field in dataclasses.fields(kind)]


building: dict[tuple[Callable[[Any], Convert], type], list[Convert]] = {}
"""The converters being written, by direction and class, each with a list that will hold it."""


def written(kind: type, convert: Callable[[Any], Convert], write: Callable[[type], Convert]) -> Convert:
    """`write(kind)`, made once; a class that holds itself, in a field of its own, gets a converter
    there that calls this one once it is made."""
    key = (convert, kind)
    if key in building:
        made = building[key]
        return lambda value: made[0](value)
    made = building[key] = []
    try:
        made.append(write(kind))
    finally:
        del building[key]
    return made[0]


def dataclass_encoder(kind: type) -> Convert:
    return written(kind, encoder, instance_encoder)


def dataclass_decoder(kind: type) -> Convert:
    return written(kind, decoder, instance_decoder)


def converters(kind: type, convert: Callable[[Any], Convert]) -> dict[int, Convert]:
    """Each field's converter by position, but those that pass the field as it is."""
    return {index: found for index, (_, hint) in enumerate(field_types(kind))
            if (found := convert(hint)) is not identity}


def compiled(source: str, namespace: dict[str, Any]) -> Convert:
    """The function `source` defines, from field names and positions only: never from data. Written per
    class, in one expression, because looping over fields at run time was most of the cache's cost
    (dataclasses writes __init__ the same way)."""
    exec(source, namespace)
    made: Convert = namespace["convert"]
    return made


def instance_encoder(kind: type) -> Convert:
    found = converters(kind, encoder)
    items = "".join((f"convert_{index}(value.{name}), " if index in found else f"value.{name}, ")
                    for index, (name, _) in enumerate(field_types(kind)))
    return compiled(f"def convert(value):\n    return ({items})\n",
                    {f"convert_{index}": each for index, each in found.items()})


def instance_decoder(kind: type) -> Convert:
    """Instances are made as pickle restores them, without __init__ (a frozen dataclass's __init__
    sets each field through object.__setattr__)."""
    names = [name for name, _ in field_types(kind)]
    found = converters(kind, decoder)
    items = ", ".join(f"{name!r}: " + (f"convert_{index}(data[{index}])" if index in found else f"data[{index}]")
                      for index, name in enumerate(names))
    build = compiled(
        f"def convert(data):\n"
        f"    if len(data) != {len(names)}:\n"
        f"        raise ValueError(f'{kind.__name__} has {len(names)} fields, not {{len(data)}}')\n"
        f"    instance = new(kind)\n"
        f"    set_attribute(instance, '__dict__', {{{items}}})\n"
        f"    return instance\n",
        {"new": object.__new__, "set_attribute": object.__setattr__, "kind": kind,
         **{f"convert_{index}": each for index, each in found.items()}})
    if all(map(is_figure_part, (hint for _, hint in field_types(kind)))):
        # Claims repeat figures: equal data decodes to one shared instance, once, which saves
        # decoding and memory. Classes with positions or paths are nearly all distinct, and a
        # memo of them would only cost.
        return cache_of(build)
    return build


def schema(kind: Any, seen: frozenset[Any] = frozenset()) -> str:
    """The shape of what `encode(…, kind)` writes: it changes whenever a field or type does."""
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if kind in seen:
            return kind.__name__
        fields = ",".join(f"{name}:{schema(hint, seen | {kind})}" for name, hint in field_types(kind))
        return f"{kind.__name__}({fields})"
    arguments = typing.get_args(kind)
    if arguments:
        return f"{typing.get_origin(kind)}[{','.join(schema(argument, seen) for argument in arguments)}]"
    return repr(kind)
