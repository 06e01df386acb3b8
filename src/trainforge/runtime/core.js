/* placeholder: the player is being written */
