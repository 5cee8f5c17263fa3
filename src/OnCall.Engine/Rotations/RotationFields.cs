namespace OnCall.Engine.Rotations;

/// <summary>The names of the fields a rotation change is about, as -WhatIf and the errors show them (the cmdlets' parameter names).</summary>
internal static class RotationFields
{
    public const string Name = "Name";
    public const string Schedule = "Schedule";
    public const string Description = "Description";
    public const string TimeZone = "TimeZone";
    public const string ShiftDuration = "ShiftDuration";
    public const string Members = "Members";
    public const string Start = "Start";
    public const string End = "End";
    public const string EffectiveDate = "EffectiveDate";
    public const string Restrictions = "Restrictions";
    public const string RotationType = "RotationType";
    public const string CurrentMember = "CurrentMember";
    public const string Teams = "Teams";
    public const string Layers = "Layers";
}
