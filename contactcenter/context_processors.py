def console(request):
    """The signed-in user's organization and role, for the console shell."""
    membership = getattr(request.user, "membership", None) if request.user.is_authenticated else None
    return {
        "membership": membership,
        "organization": membership.organization if membership else None,
        "can_edit": bool(membership and membership.can_write()),
    }
