from contactcenter.vocabulary import vocabulary_of


def console(request):
    """The signed-in user's organization and role, for the console shell; and the vocabulary of the
    object type the page is about (its view's `model`), for the page header tags."""
    membership = getattr(request.user, "membership", None) if request.user.is_authenticated else None
    match = getattr(request, "resolver_match", None)
    model = getattr(getattr(match.func, "view_class", None), "model", None) if match else None
    return {
        "membership": membership,
        "organization": membership.organization if membership else None,
        "can_edit": bool(membership and membership.can_write()),
        "vocabulary": vocabulary_of(model) if model is not None else None,
    }
